/* GET /v1/spend: spend entries by date, filtered by date range and channel, keyset-paged. */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/spend_json.h"

#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/store/spend.h"

static const struct kpid_list spend = {kpid_store_spend_list, kpid_spend_json, "date",
                                       KPID_LIST_KEY_DATE};

enum kpid_outcome kpid_h_spend_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *from, *to;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_date(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_date(req, "to", &to)) != KPID_OK)
        return rc;
    const struct kpid_spend_filter filter = {from, to, kpid_http_query(req, "channel")};
    return kpid_list_reply(req, &spend, &page, &filter);
}
