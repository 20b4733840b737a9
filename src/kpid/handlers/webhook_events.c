/* GET /v1/webhook-events (the inbox, failed deliveries included) and
 * POST /v1/webhook-events/{id}/replay (map an event again with its source's current map). */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/fields.h"
#include "kpid/http/json_out.h"
#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/http/write.h"
#include "kpid/webhook/inbox.h"

#include <stdint.h>

// clang-format off
KPID_DB_STMT(list_events,
    "SELECT id, source_name, received_at, status, error, attempts, result, content_type,"
    " body, processed_at FROM webhook_events WHERE workspace_id = $1::uuid"
    " AND ($2::timestamptz IS NULL OR (received_at, id) > ($2, $3::uuid))"
    " AND ($5::text IS NULL OR status = $5) AND ($6::text IS NULL OR source_name = $6)"
    " ORDER BY received_at, id LIMIT $4::int");
// clang-format on

/* The body as text when it is UTF-8, else null. */
static json_t *body_text(const char *pg_bytea)
{
    size_t len = 0;
    unsigned char *raw = PQunescapeBytea((const unsigned char *)pg_bytea, &len);
    json_t *text = raw ? json_stringn((const char *)raw, len) : NULL;
    PQfreemem(raw);
    return text ? text : json_null();
}

static json_t *event_row(const PGresult *res, int i)
{
    return json_pack(
        "{s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:s,s:o,s:o}", "id", PQgetvalue(res, i, 0), "source",
        PQgetvalue(res, i, 1), "received_at", kpid_json_timestamp(PQgetvalue(res, i, 2)), "status",
        PQgetvalue(res, i, 3), "error", kpid_json_text(kpid_pg(res, i, 4)), "attempts",
        kpid_json_number(PQgetvalue(res, i, 5)), "result", kpid_json_parse(kpid_pg(res, i, 6)),
        "content_type", PQgetvalue(res, i, 7), "body", body_text(PQgetvalue(res, i, 8)),
        "processed_at", kpid_json_timestamp(kpid_pg(res, i, 9)));
}

static const struct kpid_list events = {&list_events, event_row, "received_at",
                                        KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_webhook_events_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *status;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_choice(req, "status", kpid_webhook_event_statuses, &status)) != KPID_OK)
        return rc;
    const char *filters[] = {status, kpid_http_query(req, "source")};
    return kpid_list_reply(req, &events, &page, filters, 2);
}

KPID_DB_STMT(event_for_replay, "SELECT e.body, s.name, s.payload, s.target, s.field_map"
                               " FROM webhook_events e JOIN webhook_sources s"
                               " ON s.workspace_id = e.workspace_id AND s.name = e.source_name"
                               " WHERE e.workspace_id = $1::uuid AND e.id = $2::uuid"
                               " FOR UPDATE OF e");

static enum kpid_db_status replay(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                  struct kpid_write_result *out)
{
    const char *id = ctx;
    const char *params[] = {req->auth.workspace_id, id};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &event_for_replay, 2, params, &st);
    if (res == NULL)
        return st;
    if (PQntuples(res) == 0) {
        PQclear(res);
        out->problem = true;
        out->status = 404;
        out->body = kpid_problem_body(404, "not-found", NULL, "no such webhook event");
        return KPID_DB_OK;
    }
    size_t len = 0;
    unsigned char *body = PQunescapeBytea((const unsigned char *)PQgetvalue(res, 0, 0), &len);
    json_t *map = kpid_json_parse(PQgetvalue(res, 0, 4));
    struct kpid_webhook_source src = {
        .workspace_id = req->auth.workspace_id, .name = PQgetvalue(res, 0, 1), .field_map = map};
    kpid_webhook_source_kinds(&src, PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3));
    bool mapped;
    st = body == NULL
             ? KPID_DB_ERROR
             : kpid_webhook_process(db, &src, id, (const char *)body, len, &out->body, &mapped);
    out->status = 200;
    PQfreemem(body);
    json_decref(map);
    PQclear(res);
    return st;
}

enum kpid_outcome kpid_h_webhook_events_replay_post(struct kpid_request *req)
{
    const char *id = kpid_http_param(req, 0);
    if (!kpid_is_uuid(id))
        return kpid_http_problem(req, 404, "not-found", NULL, "no webhook event %s", id);
    return kpid_http_write(req, replay, (void *)(uintptr_t)id);
}
