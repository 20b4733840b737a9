/* POST /v1/sources/{name}/replay: maps a source's failed events again with its current field
 * map, at most REPLAY_BATCH per call in received order, each as a single replay does. */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/source_json.h"
#include "kpid/enums.h"

#include "kpid/http/query.h"
#include "kpid/http/write.h"
#include "kpid/store/source.h"
#include "kpid/store/webhook_event.h"
#include "kpid/webhook/replay.h"

#include <stdlib.h>

#define REPLAY_BATCH "1000"

struct bulk {
    const char *name;
    const char *status;
};

/* The source's count of failed events, or -1 when there is no such source. */
static enum kpid_db_status parked(struct kpid_db *db, const char *workspace_id,
                                  const struct bulk *b, long long *count)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_source_get(db, workspace_id, b->name, &st);
    if (res == NULL)
        return st;
    *count = kpid_result_rows(res) ? atoll(kpid_result_text(res, 0, "failed_events")) : -1;
    kpid_result_free(res);
    return KPID_DB_OK;
}

/* Replays each listed event; counts the outcomes. */
static enum kpid_db_status replay_each(struct kpid_db *db, const char *workspace_id,
                                       const kpid_result *ids, long long *mapped, long long *failed)
{
    enum kpid_db_status st = KPID_DB_OK;
    for (int i = 0; i < kpid_result_rows(ids) && st == KPID_DB_OK; i++) {
        json_t *reply = NULL;
        enum kpid_replay_outcome outcome = KPID_REPLAY_MISSING;
        st =
            kpid_webhook_replay(db, workspace_id, kpid_result_text(ids, i, "id"), &reply, &outcome);
        json_decref(reply);
        *mapped += outcome == KPID_REPLAY_MAPPED;
        *failed += outcome == KPID_REPLAY_FAILED;
    }
    return st;
}

static enum kpid_db_status replay_source(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                         struct kpid_write_result *out)
{
    const struct bulk *b = ctx;
    const char *ws = req->auth.workspace_id;
    long long before, after, mapped = 0, failed = 0;
    enum kpid_db_status st = parked(db, ws, b, &before);
    if (st != KPID_DB_OK)
        return st;
    if (before < 0) {
        out->problem = true;
        out->status = 404;
        out->body = kpid_problem_body(404, "not-found", NULL, "no such source");
        return KPID_DB_OK;
    }
    kpid_result *ids =
        kpid_store_webhook_event_list_parked(db, ws, b->name, b->status, REPLAY_BATCH, &st);
    if (ids == NULL)
        return st;
    st = replay_each(db, ws, ids, &mapped, &failed);
    kpid_result_free(ids);
    if (st == KPID_DB_OK)
        st = parked(db, ws, b, &after);
    if (st != KPID_DB_OK)
        return st;
    out->status = 200;
    /* the events that failed again are still parked but were tried: not remaining */
    out->body = json_pack("{s:I,s:I,s:I,s:I}", "replayed", (json_int_t)(mapped + failed), "mapped",
                          (json_int_t)mapped, "failed", (json_int_t)failed, "remaining",
                          (json_int_t)(after - failed));
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_sources_replay_post(struct kpid_request *req)
{
    struct bulk b = {kpid_http_param(req, 0), NULL};
    if (!kpid_source_name_valid(b.name))
        return kpid_http_problem(req, 404, "not-found", NULL, "no source %s", b.name);
    enum kpid_outcome rc =
        kpid_query_choice(req, "status", kpid_webhook_replay_statuses, &b.status);
    if (rc != KPID_OK)
        return rc;
    if (b.status == NULL)
        b.status = kpid_webhook_replay_statuses[0];
    return kpid_http_write(req, replay_source, &b);
}
