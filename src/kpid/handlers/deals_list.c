/* GET /v1/deals: the workspace's deals in arrival order, filtered, with keyset pagination. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/ingest/deal_json.h"

// clang-format off
KPID_DB_STMT(list_deals,
    "SELECT " KPID_DEAL_COLUMNS " FROM deals d WHERE d.workspace_id = $1::uuid"
    " AND ($2::timestamptz IS NULL OR (d.ingested_at, d.id) > ($2, $3::uuid))"
    " AND ($5::timestamptz IS NULL OR d.closed_at >= $5)"
    " AND ($6::timestamptz IS NULL OR d.closed_at < $6)"
    " AND ($7::text IS NULL OR d.status = $7)"
    " AND ($8::text IS NULL OR d.channel = $8)"
    " ORDER BY d.ingested_at, d.id LIMIT $4::int");
// clang-format on

static const struct kpid_list deals = {&list_deals, kpid_deal_json, "ingested_at",
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
    const char *filters[] = {from, to, status, kpid_http_query(req, "channel")};
    return kpid_list_reply(req, &deals, &page, filters, 4);
}
