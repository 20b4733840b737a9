/* GET /v1/periods/{id}/rejections: the period's leads that are not valid, by reason and
 * channel, so marketing sees what sales (or the workspace rules) rejected. */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/results_http.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/results.h"

#include <stdlib.h>

/* The reason: the one sales gave, else why the sender or the workspace rules rejected it. */
KPID_DB_STMT(select_rejections, "rejection_list");

static enum kpid_db_status answer(struct kpid_db *db, struct kpid_period_answer *a)
{
    struct kpid_frames frames;
    enum kpid_db_status st =
        kpid_frames_load(db, a->workspace_id, &a->period, 1, a->p.as_of, &frames);
    if (st != KPID_DB_OK)
        return st;
    const struct kpid_span *s = &frames.items[0].span;
    const char *params[] = {a->workspace_id, s->starts_at, s->ends_at, frames.as_of, a->p.channel};
    PGresult *res = kpid_db_exec(db, &select_rejections, 5, params, &st);
    if (res != NULL) {
        a->rows = json_array();
        long long total = 0;
        for (int r = 0; r < PQntuples(res); r++) {
            long long n = strtoll(PQgetvalue(res, r, 2), NULL, 10);
            total += n;
            json_array_append_new(
                a->rows, json_pack("{s:s,s:s,s:I}", "reason", PQgetvalue(res, r, 0), "channel",
                                   PQgetvalue(res, r, 1), "leads", (json_int_t)n));
        }
        PQclear(res);
        a->body = kpid_results_head(&frames);
        json_object_set_new(a->body, "total", json_integer(total));
        json_object_set(a->body, "rejections", a->rows);
    }
    kpid_frames_free(&frames);
    return st;
}

enum kpid_outcome kpid_h_period_rejections_get(struct kpid_request *req)
{
    return kpid_results_period_get(req, KPID_RP_AS_OF | KPID_RP_CHANNEL, answer);
}
