/* The deal write path shared by POST /v1/deals, its batch form and the webhook mapper:
 * validation, lead resolution, upsert on (source, external_id), and the lead's stage. */
#ifndef KPID_INGEST_DEAL_WRITE_H
#define KPID_INGEST_DEAL_WRITE_H

#include "kpid/store/db.h"
#include "kpid/ingest/item.h"

#include <jansson.h>
#include <stddef.h>

/*
 * Checks one deal object without touching the database: amount required and >= 0,
 * status open/won/lost (default open), closed_at required when won or lost, at most one
 * of lead_id and lead_external_id, timestamps, lengths, unknown members. Appends errors
 * with pointers prefix + "/member"; returns how many. Read-only members (id, ingested_at,
 * updated_at) are accepted and ignored.
 */
size_t kpid_deal_validate(const json_t *deal, const char *prefix, json_t *errors);

/*
 * Validates and upserts n deals inside the caller's open transaction. lead_id must name a
 * lead of the workspace; lead_external_id is looked up among leads with the deal's own
 * `source` (default "api"); an unknown lead makes the item INVALID (error at /lead_id or
 * /lead_external_id). channel defaults to the lead's. A lead with a won deal gets stage
 * "won" (unless it is lost). Idempotent on (source, external_id) like leads.
 */
enum kpid_db_status kpid_deals_write(struct kpid_db *db, const char *workspace_id,
                                     struct kpid_ingest_item *items, size_t n);

/*
 * Applies a JSON merge patch (item->input) to the deal `id`, like kpid_lead_patch: INVALID
 * with errors (an unknown lead, won/lost without closed_at once merged), else UPDATED;
 * item->id stays empty when the workspace has no such deal.
 */
enum kpid_db_status kpid_deal_patch(struct kpid_db *db, const char *workspace_id, const char *id,
                                    struct kpid_ingest_item *item);

/* The deal as GET /v1/deals/{id} shows it (*out owned by the caller), or *out = NULL. */
enum kpid_db_status kpid_deal_fetch(struct kpid_db *db, const char *workspace_id, const char *id,
                                    json_t **out);

#endif
