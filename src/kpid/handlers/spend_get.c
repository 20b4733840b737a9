/* GET /v1/spend: spend entries by date, filtered by date range and channel, keyset-paged. */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/spend_row.h"

#include "kpid/db/db.h"
#include "kpid/http/fields.h"
#include "kpid/http/paging.h"
#include "kpid/http/query.h"

KPID_DB_STMT(list_spend, "SELECT " KPID_SPEND_COLUMNS " FROM spend WHERE workspace_id = $1::uuid"
                         " AND ($2::date IS NULL OR date >= $2::date)"
                         " AND ($3::date IS NULL OR date <= $3::date)"
                         " AND ($4::text IS NULL OR channel = $4)"
                         " AND ($5::date IS NULL OR (date, id) > ($5::date, $6::uuid))"
                         " ORDER BY date, id LIMIT $7::int");

enum kpid_outcome kpid_h_spend_get(struct kpid_request *req)
{
    struct kpid_page page;
    enum kpid_outcome rc = kpid_http_page(req, &page);
    if (rc != KPID_OK)
        return rc;
    const char *from, *to;
    if ((rc = kpid_query_date(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_date(req, "to", &to)) != KPID_OK)
        return rc;
    if (page.has_cursor && (!kpid_is_date(page.after[0]) || !kpid_is_uuid(page.after[1])))
        return kpid_http_problem(req, 422, "validation", NULL,
                                 "cursor is not one this service issued");

    struct kpid_db *db;
    if ((rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    const char *params[] = {req->auth.workspace_id,
                            from,
                            to,
                            kpid_http_query(req, "channel"),
                            kpid_page_after(&page, 0),
                            kpid_page_after(&page, 1),
                            page.limit_plus_one};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &list_spend, 7, params, &st);
    if (res == NULL)
        return kpid_http_db_failed(req, st);
    json_t *items = json_array();
    int n = PQntuples(res);
    for (int i = 0; i < n; i++)
        json_array_append_new(items, kpid_spend_row(res, i));
    int last = n > page.limit ? page.limit - 1 : 0;
    json_t *envelope = kpid_page_envelope(items, &page, n ? PQgetvalue(res, last, 2) : "",
                                          n ? PQgetvalue(res, last, 0) : "");
    PQclear(res);
    return kpid_http_reply_json(req, 200, envelope);
}
