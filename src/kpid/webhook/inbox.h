/* The webhook inbox: mapping a stored delivery into leads or deals and recording how that
 * went, shared by deliveries (POST /v1/webhooks/{id}) and replays. */
#ifndef KPID_WEBHOOK_INBOX_H
#define KPID_WEBHOOK_INBOX_H

#include "kpid/store/db.h"
#include "kpid/webhook/map.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* What mapping an event needs to know of its source (all borrowed). */
struct kpid_webhook_source {
    const char *workspace_id;
    const char *name;
    enum kpid_payload_kind payload;
    enum kpid_target_kind target;
    const json_t *field_map;
    const char *received_at; /* when the delivery came (RFC 3339), for received_at entries;
                                NULL: now */
};

/* Reads a source's payload and target columns ("json"/"form", "lead"/"deal"). */
void kpid_webhook_source_kinds(struct kpid_webhook_source *src, const char *payload,
                               const char *target);

/*
 * Inside the caller's transaction: maps the event's body with the source's field map,
 * upserts the leads (deals) it yields - all of them or, when any is refused, none (a
 * savepoint undoes the others) - and records the outcome on the event (status, error,
 * result, attempts, processed_at). On KPID_DB_OK *reply is {"status":"mapped","event_id",
 * "results":[{"index","id","status"}]} or {"status":"failed","event_id","error"}; *mapped
 * tells which. Other statuses are database failures that end the transaction.
 */
enum kpid_db_status kpid_webhook_process(struct kpid_db *db, const struct kpid_webhook_source *src,
                                         const char *event_id, const char *body, size_t len,
                                         json_t **reply, bool *mapped);

/*
 * The last step of kpid_webhook_process, for objects mapped (and completed) elsewhere: writes
 * objects (an array as kpid_field_map_apply returns) or, when objects is NULL, records the
 * event as failed with why.
 */
enum kpid_db_status kpid_webhook_record(struct kpid_db *db, const struct kpid_webhook_source *src,
                                        const char *event_id, const json_t *objects,
                                        const char *why, json_t **reply, bool *mapped);

/* The source's field map applied to a body (kpid_field_map_apply_at): a new array, or NULL
 * with error filled. */
json_t *kpid_webhook_map(const struct kpid_webhook_source *src, const char *body, size_t len,
                         char *error, size_t error_size);

/* Whether a mapped object is an erasure (a CRM delete), not a lead to write. */
bool kpid_webhook_is_erasure(const json_t *object);

/* Whether the body maps to at least one lead (deal) to write, which a fetch would complete. */
bool kpid_webhook_wants_fetch(const struct kpid_webhook_source *src, const char *body, size_t len);

#endif
