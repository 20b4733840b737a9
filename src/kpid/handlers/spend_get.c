/* GET /v1/spend: spend entries by date, filtered by date range and channel, keyset-paged. */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/spend_row.h"

#include "kpid/http/list.h"
#include "kpid/http/query.h"

// clang-format off
KPID_DB_STMT(list_spend,
    "SELECT " KPID_SPEND_COLUMNS " FROM spend WHERE workspace_id = $1::uuid"
    " AND ($2::date IS NULL OR (date, id) > ($2::date, $3::uuid))"
    " AND ($5::date IS NULL OR date >= $5::date)"
    " AND ($6::date IS NULL OR date <= $6::date)"
    " AND ($7::text IS NULL OR channel = $7)"
    " ORDER BY date, id LIMIT $4::int");
// clang-format on

static const struct kpid_list spend = {&list_spend, kpid_spend_row, "date", KPID_LIST_KEY_DATE};

enum kpid_outcome kpid_h_spend_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *from, *to;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_date(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_date(req, "to", &to)) != KPID_OK)
        return rc;
    const char *filters[] = {from, to, kpid_http_query(req, "channel")};
    return kpid_list_reply(req, &spend, &page, filters, 3);
}
