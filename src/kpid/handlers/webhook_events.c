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
#include "kpid/webhook/replay.h"

#include <stdlib.h>

/* The body as text when it is UTF-8 and was not erased with a lead it wrote, else null. */
static json_t *body_text(const kpid_result *res, int i)
{
    if (kpid_result_text(res, i, "erased_at") != NULL)
        return json_null();
    size_t len = 0;
    char *raw = kpid_result_bytes(res, i, "body", &len);
    json_t *text = raw ? json_stringn(raw, len) : NULL;
    free(raw);
    return text ? text : json_null();
}

static json_t *event_row(const kpid_result *res, int i)
{
    return json_pack("{s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:s,s:o,s:o,s:o}", "id",
                     kpid_result_text(res, i, "id"), "source",
                     kpid_result_text(res, i, "source_name"), "received_at",
                     kpid_json_timestamp(kpid_result_text(res, i, "received_at")), "status",
                     kpid_result_text(res, i, "status"), "error",
                     kpid_json_text(kpid_result_text(res, i, "error")), "attempts",
                     kpid_json_number(kpid_result_text(res, i, "attempts")), "result",
                     kpid_json_parse(kpid_result_text(res, i, "result")), "content_type",
                     kpid_result_text(res, i, "content_type"), "body", body_text(res, i),
                     "processed_at", kpid_json_timestamp(kpid_result_text(res, i, "processed_at")),
                     "erased_at", kpid_json_timestamp(kpid_result_text(res, i, "erased_at")));
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
    enum kpid_replay_outcome outcome;
    enum kpid_db_status st =
        kpid_webhook_replay(db, req->auth.workspace_id, ctx, &out->body, &outcome);
    if (st == KPID_DB_OK && outcome == KPID_REPLAY_MISSING) {
        kpid_write_problem(out, 404, "not-found", "no such webhook event");
    } else if (st == KPID_DB_OK && outcome == KPID_REPLAY_ERASED) {
        kpid_write_problem(out, 409, "erased",
                           "the event's body was erased with a lead it wrote; nothing to replay");
    } else {
        out->status = 200;
    }
    return st;
}

enum kpid_outcome kpid_h_webhook_events_replay_post(struct kpid_request *req)
{
    return kpid_http_write_one(req, "webhook event", kpid_is_uuid, replay);
}
