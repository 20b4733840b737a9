/* The HTTP side of ingest shared by the lead and deal endpoints: single POST, batch POST,
 * PATCH and GET of one. */
#ifndef KPID_INGEST_INGEST_HTTP_H
#define KPID_INGEST_INGEST_HTTP_H

#include "kpid/store/db.h"
#include "kpid/http/request.h"
#include "kpid/ingest/item.h"

/* Most items in one batch request. */
#define KPID_BATCH_MAX 1000

/* One kind of ingested row and its write path. */
struct kpid_ingest_kind {
    const char *noun;       /* "lead" */
    const char *collection; /* "/v1/leads": Location is collection + "/" + id */
    size_t (*validate)(const json_t *obj, const char *prefix, json_t *errors);
    enum kpid_db_status (*write)(struct kpid_db *db, const char *workspace_id,
                                 struct kpid_ingest_item *items, size_t n);
    enum kpid_db_status (*patch)(struct kpid_db *db, const char *workspace_id, const char *id,
                                 struct kpid_ingest_item *item);
    enum kpid_db_status (*fetch)(struct kpid_db *db, const char *workspace_id, const char *id,
                                 json_t **out);
    bool (*writable)(const char *member); /* a member a request writes, not read-only */
};

/* POST collection: 201 + Location for a new row, 200 for an existing natural key; 422. */
enum kpid_outcome kpid_ingest_post(struct kpid_request *req, const struct kpid_ingest_kind *kind);

/* POST collection/batch: {"items":[...]} (at most KPID_BATCH_MAX) -> 200 {"items":[{"index",
 * "id", "status", "errors"}]}; the valid items are written in one transaction. */
enum kpid_outcome kpid_ingest_post_batch(struct kpid_request *req,
                                         const struct kpid_ingest_kind *kind);

/* PATCH collection/{id} with a JSON merge patch: 200 with the row, 404, 422. */
enum kpid_outcome kpid_ingest_patch(struct kpid_request *req, const struct kpid_ingest_kind *kind);

/* GET collection/{id}: 200 with the row or 404. */
enum kpid_outcome kpid_ingest_get_one(struct kpid_request *req,
                                      const struct kpid_ingest_kind *kind);

#endif
