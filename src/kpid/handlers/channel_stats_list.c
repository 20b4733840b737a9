/* GET /v1/channel-stats: channel records by date, filtered by date range, channel and
 * campaign, keyset-paged (CSV with Accept: text/csv as every list). */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/channel_stats_json.h"

#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/store/channel_stats.h"

static const struct kpid_list channel_stats = {kpid_store_channel_stats_list,
                                               kpid_channel_stats_json, "date", KPID_LIST_KEY_DATE};

enum kpid_outcome kpid_h_channel_stats_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *from, *to;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_date(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_date(req, "to", &to)) != KPID_OK)
        return rc;
    const struct kpid_channel_stats_filter filter = {from, to, kpid_http_query(req, "channel"),
                                                     kpid_http_query(req, "campaign")};
    return kpid_list_reply_csv(req, &channel_stats, &page, &filter);
}
