/* The deal resource: its write path (validation, lead resolution, upsert on (source,
 * external_id), the lead's stage) for POST /v1/deals, its batch form, PATCH, GET and the
 * webhook mapper. */
#ifndef KPID_INGEST_DEAL_WRITE_H
#define KPID_INGEST_DEAL_WRITE_H

#include "kpid/ingest/deal_fields.h"
#include "kpid/ingest/resource.h"

/*
 * Deals: amount required and >= 0, status open/won/lost (default open), closed_at required
 * when won or lost (checked on the merged deal for a patch), at most one of lead_id and
 * lead_external_id. lead_id must name a lead of the workspace; lead_external_id is looked
 * up among leads with the deal's own source (default "api"); an unknown lead makes the item
 * INVALID. channel defaults to the lead's. A lead with a won deal gets stage "won" (unless
 * it is lost).
 */
extern const struct kpid_ingest_resource kpid_deal_resource;

#endif
