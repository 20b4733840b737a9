/* POST .../batch of items decoded by a field table and upserted one by one on their natural
 * key, answered with one result per item like the lead batch. */
#ifndef KPID_HANDLERS_FIELDS_BATCH_H
#define KPID_HANDLERS_FIELDS_BATCH_H

#include "kpid/http/request.h"
#include "kpid/json/fields.h"
#include "kpid/store/db.h"

#include <jansson.h>
#include <stdbool.h>

/* Most items in one batch request. */
#define KPID_FIELDS_BATCH_MAX 1000

/* Upserts one decoded item; on KPID_DB_OK *row is its representation (with "id") and
 * *created tells whether it is new. */
typedef enum kpid_db_status (*kpid_fields_upsert_fn)(struct kpid_db *db, const char *workspace_id,
                                                     const struct kpid_fields *f, json_t **row,
                                                     bool *created);

/* Checks a decoded item beyond its field table: adds errors under `prefix`, returns how many. */
typedef size_t (*kpid_fields_check_fn)(const struct kpid_fields *f, const char *prefix,
                                       json_t *errors);

struct kpid_fields_batch {
    const struct kpid_field *spec;
    size_t n_spec;
    kpid_fields_check_fn check; /* may be NULL */
    kpid_fields_upsert_fn upsert;
    const char *plural; /* "spend entries", for the message of a bad `items` */
};

/*
 * Reads {"items": [...]} (1 to KPID_FIELDS_BATCH_MAX items) and answers 200 {"items": [{index,
 * id, status: created|updated|error, errors}]}: the valid items are written in one
 * transaction, the others reported with their field errors.
 */
enum kpid_outcome kpid_fields_batch_post(struct kpid_request *req,
                                         const struct kpid_fields_batch *kind);

#endif
