/* POST /v1/leads, POST /v1/leads/batch, GET and PATCH /v1/leads/{id}: the lead write path
 * (src/kpid/ingest/lead_write.h) behind HTTP. */
#include "kpid/handlers/handlers.h"

#include "kpid/ingest/ingest_http.h"
#include "kpid/ingest/lead_input.h"
#include "kpid/ingest/lead_write.h"

static const struct kpid_ingest_kind leads = {
    .noun = "lead",
    .collection = "/v1/leads",
    .validate = kpid_lead_validate,
    .write = kpid_leads_write,
    .patch = kpid_lead_patch,
    .fetch = kpid_lead_fetch,
    .writable = kpid_lead_writable,
};

enum kpid_outcome kpid_h_leads_post(struct kpid_request *req)
{
    return kpid_ingest_post(req, &leads);
}

enum kpid_outcome kpid_h_leads_batch_post(struct kpid_request *req)
{
    return kpid_ingest_post_batch(req, &leads);
}

enum kpid_outcome kpid_h_leads_get_id(struct kpid_request *req)
{
    return kpid_ingest_get_one(req, &leads);
}

enum kpid_outcome kpid_h_leads_patch_id(struct kpid_request *req)
{
    return kpid_ingest_patch(req, &leads);
}
