/* GET /v1/deals: the workspace's deals in arrival order, filtered, with keyset pagination. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/ingest/deal_write.h"
#include "kpid/store/deal.h"

static json_t *deal_row(const kpid_result *res, int i)
{
    return kpid_ingest_json(&kpid_deal_resource, res, i);
}

static const struct kpid_list deals = {kpid_store_deal_list, deal_row, "ingested_at",
                                       KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_deals_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *from, *to, *status;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "to", &to)) != KPID_OK ||
        (rc = kpid_query_choice(req, "status", kpid_deal_statuses, &status)) != KPID_OK)
        return rc;
    const struct kpid_deal_filter filter = {from, to, status, kpid_http_query(req, "channel")};
    return kpid_list_reply(req, &deals, &page, &filter);
}
