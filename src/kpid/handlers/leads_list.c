/* GET /v1/leads: the workspace's leads in arrival order, filtered, with keyset pagination. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/ingest/lead_json.h"

// clang-format off
KPID_DB_STMT(list_leads,
    "SELECT " KPID_LEAD_COLUMNS " FROM leads l WHERE l.workspace_id = $1::uuid"
    " AND ($2::timestamptz IS NULL OR (l.ingested_at, l.id) > ($2, $3::uuid))"
    " AND ($5::timestamptz IS NULL OR l.created_at >= $5)"
    " AND ($6::timestamptz IS NULL OR l.created_at < $6)"
    " AND ($7::text IS NULL OR l.channel = $7)"
    " AND ($8::boolean IS NULL OR l.valid = $8)"
    " AND ($9::text IS NULL OR l.stage = $9)"
    " ORDER BY l.ingested_at, l.id LIMIT $4::int");
// clang-format on

static const struct kpid_list leads = {&list_leads, kpid_lead_json, "ingested_at",
                                       KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_leads_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *from, *to, *valid, *stage;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "to", &to)) != KPID_OK ||
        (rc = kpid_query_bool(req, "valid", &valid)) != KPID_OK ||
        (rc = kpid_query_choice(req, "stage", kpid_lead_stages, &stage)) != KPID_OK)
        return rc;
    const char *filters[] = {from, to, kpid_http_query(req, "channel"), valid, stage};
    return kpid_list_reply(req, &leads, &page, filters, 5);
}
