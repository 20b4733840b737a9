/* GET /v1/leads: the workspace's leads in arrival order, filtered, with keyset pagination. */
#include "kpid/handlers/handlers.h"

#include "kpid/db/db.h"
#include "kpid/http/json_out.h"
#include "kpid/http/paging.h"
#include "kpid/http/query.h"
#include "kpid/ingest/lead_json.h"

KPID_DB_STMT(list_leads, "SELECT " KPID_LEAD_COLUMNS " FROM leads l WHERE l.workspace_id = $1::uuid"
                         " AND ($2::timestamptz IS NULL OR (l.ingested_at, l.id) > ($2, $3::uuid))"
                         " AND ($4::timestamptz IS NULL OR l.created_at >= $4)"
                         " AND ($5::timestamptz IS NULL OR l.created_at < $5)"
                         " AND ($6::text IS NULL OR l.channel = $6)"
                         " AND ($7::boolean IS NULL OR l.valid = $7)"
                         " AND ($8::text IS NULL OR l.stage = $8)"
                         " ORDER BY l.ingested_at, l.id LIMIT $9::int");

enum kpid_outcome kpid_h_leads_get(struct kpid_request *req)
{
    static const char *const stages[] = {"new", "contacted", "meeting", "proposal",
                                         "won", "lost",      NULL};
    struct kpid_page page;
    const char *from, *to, *valid, *stage;
    struct kpid_db *db;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "to", &to)) != KPID_OK ||
        (rc = kpid_query_bool(req, "valid", &valid)) != KPID_OK ||
        (rc = kpid_query_choice(req, "stage", stages, &stage)) != KPID_OK ||
        (rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    const char *params[] = {req->auth.workspace_id,
                            kpid_page_after(&page, 0),
                            kpid_page_after(&page, 1),
                            from,
                            to,
                            kpid_http_query(req, "channel"),
                            valid,
                            stage,
                            page.limit_plus_one};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &list_leads, 9, params, &st);
    if (res == NULL)
        return kpid_http_db_failed(req, st);
    json_t *items = json_array();
    int n = PQntuples(res);
    for (int i = 0; i < n; i++)
        json_array_append_new(items, kpid_lead_json(res, i));
    int last = n > page.limit ? page.limit - 1 : 0;
    json_t *envelope =
        kpid_page_envelope(items, &page, n ? PQgetvalue(res, last, KPID_LEAD_COL_INGESTED_AT) : "",
                           n ? PQgetvalue(res, last, 0) : "");
    PQclear(res);
    return kpid_http_reply_json(req, 200, envelope);
}
