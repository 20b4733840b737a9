/* GET /v1/periods/{id}/results: every KPI result of the period (from the snapshot once the
 * period is closed, from the stored results while they are fresh, unless ?live=true, ?as_of=,
 * ?channel=, ?campaign= or ?utm_source= ask for a computation). */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/results_http.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/results.h"
#include "kpid/kpis/results_refresh.h"
#include "kpid/kpis/snapshot.h"
#include "kpid/kpis/stored_results.h"

#include <string.h>

/* The results of `list` owned by `scope` (all when NULL); a new array. */
static json_t *owned_by(const json_t *list, const char *scope)
{
    json_t *out = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *owner = json_string_value(json_object_get(item, "owner"));
        if (scope == NULL || (owner != NULL && strcmp(owner, scope) == 0))
            json_array_append(out, item);
    }
    return out;
}

/* Live results into a->body; the restatement against `snap` when asked for. */
static enum kpid_db_status answer_live(struct kpid_db *db, struct kpid_period_answer *a,
                                       const struct kpid_snapshot *snap)
{
    struct kpid_results r;
    struct kpid_results_query q = {a->period,    a->p.as_of,  a->p.scope,
                                   a->p.channel, a->max_rows, a->p.segment};
    enum kpid_db_status st = kpid_results_compute(db, a->workspace_id, &q, &r);
    if (st == KPID_DB_OK) {
        json_t *results = kpid_results_json(&r);
        a->body = kpid_results_head(&r.frames);
        json_object_set(a->body, "results", results);
        if (snap->results != NULL && a->p.live) {
            json_t *frozen = owned_by(snap->results, a->p.scope);
            json_object_set_new(a->body, "restatement", kpid_restatement(frozen, results, "kpi"));
            json_decref(frozen);
        }
        a->rows = results;
    }
    kpid_results_free(&r);
    return st;
}

/* The results kept for the period as of `as_of` (a snapshot or stored results) into a. */
static void answer_kept(struct kpid_period_answer *a, const struct kpid_frames *frames,
                        const json_t *results, const char *as_of)
{
    a->rows = owned_by(results, a->p.scope);
    a->body = kpid_results_head(frames);
    json_object_set_new(a->body, "as_of", kpid_json_timestamp(as_of));
    json_object_set(a->body, "results", a->rows);
}

/* An open period: its stored results when fresh; else computed now, and the refresh asked to
 * store them (or start keeping them) unless the computation was refused. */
static enum kpid_db_status answer_open(struct kpid_db *db, struct kpid_period_answer *a,
                                       const struct kpid_frames *frames,
                                       const struct kpid_snapshot *snap)
{
    struct kpid_stored_results stored;
    enum kpid_db_status st =
        kpid_stored_results_load(db, a->workspace_id, frames->items[0].id, &stored);
    if (st == KPID_DB_OK && stored.fresh) {
        answer_kept(a, frames, stored.results, stored.as_of);
        if (a->max_rows > 0 && (long)json_array_size(a->rows) > a->max_rows)
            st = KPID_DB_ABORT; /* the same limit as a computation's */
    } else if (st == KPID_DB_OK) {
        st = answer_live(db, a, snap);
        if (st == KPID_DB_OK)
            kpid_results_refresh_request(a->refresh, a->workspace_id, frames->items[0].id);
    }
    kpid_stored_results_clear(&stored);
    return st;
}

static enum kpid_db_status answer(struct kpid_db *db, struct kpid_period_answer *a)
{
    struct kpid_frames frames;
    struct kpid_snapshot snap = {0};
    bool found = false;
    enum kpid_db_status st = kpid_frames_load(db, a->workspace_id, &a->period, 1, NULL, &frames);
    if (st == KPID_DB_OK && frames.items[0].closed)
        st = kpid_snapshot_load(db, a->workspace_id, frames.items[0].id, &snap, &found);
    bool computed = a->p.live || a->p.as_of || a->p.channel || a->p.segment.campaign ||
                    a->p.segment.utm_source;
    if (st == KPID_DB_OK && found && !computed)
        answer_kept(a, &frames, snap.results, snap.as_of);
    else if (st == KPID_DB_OK && !frames.items[0].closed && !computed)
        st = answer_open(db, a, &frames, &snap);
    else if (st == KPID_DB_OK)
        st = answer_live(db, a, &snap);
    kpid_snapshot_clear(&snap);
    kpid_frames_free(&frames);
    return st;
}

enum kpid_outcome kpid_h_period_results_get(struct kpid_request *req)
{
    return kpid_results_period_get(
        req, KPID_RP_AS_OF | KPID_RP_CHANNEL | KPID_RP_SEGMENT | KPID_RP_SCOPE | KPID_RP_LIVE,
        answer);
}
