/* POST /v1/deals, POST /v1/deals/batch, GET and PATCH /v1/deals/{id}: the deal write path
 * (src/kpid/ingest/deal_write.h) behind HTTP. */
#include "kpid/handlers/handlers.h"

#include "kpid/ingest/deal_input.h"
#include "kpid/ingest/ingest_http.h"
#include "kpid/ingest/deal_write.h"

static const struct kpid_ingest_kind deals = {
    .noun = "deal",
    .collection = "/v1/deals",
    .validate = kpid_deal_validate,
    .write = kpid_deals_write,
    .patch = kpid_deal_patch,
    .fetch = kpid_deal_fetch,
    .writable = kpid_deal_writable,
};

enum kpid_outcome kpid_h_deals_post(struct kpid_request *req)
{
    return kpid_ingest_post(req, &deals);
}

enum kpid_outcome kpid_h_deals_batch_post(struct kpid_request *req)
{
    return kpid_ingest_post_batch(req, &deals);
}

enum kpid_outcome kpid_h_deals_get_id(struct kpid_request *req)
{
    return kpid_ingest_get_one(req, &deals);
}

enum kpid_outcome kpid_h_deals_patch_id(struct kpid_request *req)
{
    return kpid_ingest_patch(req, &deals);
}
