/* GET /v1/webhook-events (the inbox, failed deliveries included) and
 * POST /v1/webhook-events/{id}/replay (map an event again with its source's current map). */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/json/fields.h"
#include "kpid/json/json_out.h"
#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/http/write.h"
#include "kpid/store/webhook_event.h"
#include "kpid/webhook/inbox.h"

#include <stdint.h>
#include <stdlib.h>

/* The body as text when it is UTF-8, else null. */
static json_t *body_text(const kpid_result *res, int i)
{
    size_t len = 0;
    char *raw = kpid_result_bytes(res, i, "body", &len);
    json_t *text = raw ? json_stringn(raw, len) : NULL;
    free(raw);
    return text ? text : json_null();
}

static json_t *event_row(const kpid_result *res, int i)
{
    return json_pack("{s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:s,s:o,s:o}", "id",
                     kpid_result_text(res, i, "id"), "source",
                     kpid_result_text(res, i, "source_name"), "received_at",
                     kpid_json_timestamp(kpid_result_text(res, i, "received_at")), "status",
                     kpid_result_text(res, i, "status"), "error",
                     kpid_json_text(kpid_result_text(res, i, "error")), "attempts",
                     kpid_json_number(kpid_result_text(res, i, "attempts")), "result",
                     kpid_json_parse(kpid_result_text(res, i, "result")), "content_type",
                     kpid_result_text(res, i, "content_type"), "body", body_text(res, i),
                     "processed_at", kpid_json_timestamp(kpid_result_text(res, i, "processed_at")));
}

static const struct kpid_list events = {kpid_store_webhook_event_list, event_row, "received_at",
                                        KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_webhook_events_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *status;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_choice(req, "status", kpid_webhook_event_statuses, &status)) != KPID_OK)
        return rc;
    const struct kpid_webhook_event_filter filter = {status, kpid_http_query(req, "source")};
    return kpid_list_reply(req, &events, &page, &filter);
}

static enum kpid_db_status replay(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                  struct kpid_write_result *out)
{
    const char *id = ctx;
    enum kpid_db_status st;
    kpid_result *res = kpid_store_webhook_event_get_for_replay(db, req->auth.workspace_id, id, &st);
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) == 0) {
        kpid_result_free(res);
        out->problem = true;
        out->status = 404;
        out->body = kpid_problem_body(404, "not-found", NULL, "no such webhook event");
        return KPID_DB_OK;
    }
    size_t len = 0;
    char *body = kpid_result_bytes(res, 0, "body", &len);
    json_t *map = kpid_json_parse(kpid_result_text(res, 0, "field_map"));
    struct kpid_webhook_source src = {.workspace_id = req->auth.workspace_id,
                                      .name = kpid_result_text(res, 0, "source_name"),
                                      .field_map = map,
                                      .received_at = kpid_result_text(res, 0, "received_at")};
    kpid_webhook_source_kinds(&src, kpid_result_text(res, 0, "payload"),
                              kpid_result_text(res, 0, "target"));
    bool mapped;
    st = body == NULL ? KPID_DB_ERROR
                      : kpid_webhook_process(db, &src, id, body, len, &out->body, &mapped);
    out->status = 200;
    free(body);
    json_decref(map);
    kpid_result_free(res);
    return st;
}

enum kpid_outcome kpid_h_webhook_events_replay_post(struct kpid_request *req)
{
    const char *id = kpid_http_param(req, 0);
    if (!kpid_is_uuid(id))
        return kpid_http_problem(req, 404, "not-found", NULL, "no webhook event %s", id);
    return kpid_http_write(req, replay, (void *)(uintptr_t)id);
}
