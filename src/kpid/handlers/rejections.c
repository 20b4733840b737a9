/* GET /v1/periods/{id}/rejections: the period's leads that are not valid, by reason and
 * channel, so marketing sees what sales (or the workspace rules) rejected. */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/results_http.h"
#include "kpid/kpis/results.h"
#include "kpid/store/rejection.h"

#include <stdlib.h>

/* One row {reason, channel, leads}; *leads is its count. */
static json_t *rejection_row(const kpid_result *res, int r, long long *leads)
{
    const char *reason = kpid_result_text(res, r, "reason");
    const char *channel = kpid_result_text(res, r, "channel");
    const char *n = kpid_result_text(res, r, "leads");
    *leads = n ? strtoll(n, NULL, 10) : 0;
    return json_pack("{s:s,s:s,s:I}", "reason", reason ? reason : "", "channel",
                     channel ? channel : "", "leads", (json_int_t)*leads);
}

static enum kpid_db_status answer(struct kpid_db *db, struct kpid_period_answer *a)
{
    struct kpid_frames frames;
    enum kpid_db_status st =
        kpid_frames_load(db, a->workspace_id, &a->period, 1, a->p.as_of, &frames);
    if (st != KPID_DB_OK)
        return st;
    const struct kpid_span *s = &frames.items[0].span;
    kpid_result *res = kpid_store_rejection_list(db, a->workspace_id, s->starts_at, s->ends_at,
                                                 frames.as_of, a->p.channel, &st);
    if (res != NULL) {
        a->rows = json_array();
        long long total = 0;
        for (int r = 0; r < kpid_result_rows(res); r++) {
            long long n;
            json_array_append_new(a->rows, rejection_row(res, r, &n));
            total += n;
        }
        kpid_result_free(res);
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
