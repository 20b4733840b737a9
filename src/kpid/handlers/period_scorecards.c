/* GET /v1/periods/{id}/scorecards: every scorecard of the period's granularity, scored on its
 * results (from the snapshot once the period is closed, unless ?live=true or ?as_of=). */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/results_http.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/results.h"
#include "kpid/kpis/snapshot.h"

/* Live scorecards into a->body and *scorecards; the restatement against `snap` when asked. */
static enum kpid_db_status answer_live(struct kpid_db *db, struct kpid_period_answer *a,
                                       const struct kpid_snapshot *snap, json_t **scorecards)
{
    struct kpid_results r;
    struct kpid_results_query q = {a->period, a->p.as_of, NULL, NULL, a->max_rows, {NULL, NULL}};
    enum kpid_db_status st = kpid_results_compute(db, a->workspace_id, &q, &r);
    if (st == KPID_DB_OK)
        st = kpid_results_scorecards(db, a->workspace_id, &r, scorecards);
    if (st == KPID_DB_OK) {
        a->body = kpid_results_head(&r.frames);
        json_object_del(a->body, "kind");
        json_object_del(a->body, "start");
        json_object_del(a->body, "end");
        json_object_set(a->body, "scorecards", *scorecards);
        if (snap->scorecards != NULL && a->p.live)
            json_object_set_new(a->body, "restatement",
                                kpid_restatement(snap->scorecards, *scorecards, "scorecard"));
    }
    kpid_results_free(&r);
    return st;
}

/* One CSV row per scorecard item, the scorecard's own fields repeated on each. */
static json_t *csv_rows(const json_t *scorecards)
{
    json_t *rows = json_array();
    size_t i, j;
    json_t *sc, *item;
    json_array_foreach(scorecards, i, sc)
    {
        json_t *head = json_deep_copy(sc);
        json_object_del(head, "items");
        json_t *items = json_object_get(sc, "items");
        if (json_array_size(items) == 0)
            json_array_append(rows, head);
        json_array_foreach(items, j, item)
        {
            json_t *row = json_deep_copy(head);
            json_object_update(row, item);
            json_array_append_new(rows, row);
        }
        json_decref(head);
    }
    return rows;
}

static enum kpid_db_status answer(struct kpid_db *db, struct kpid_period_answer *a)
{
    struct kpid_frames frames;
    struct kpid_snapshot snap = {0};
    json_t *scorecards = NULL;
    bool found = false;
    enum kpid_db_status st = kpid_frames_load(db, a->workspace_id, &a->period, 1, NULL, &frames);
    if (st == KPID_DB_OK && frames.items[0].closed)
        st = kpid_snapshot_load(db, a->workspace_id, frames.items[0].id, &snap, &found);
    if (st == KPID_DB_OK && found && !a->p.live && !a->p.as_of) {
        scorecards = json_incref(snap.scorecards);
        a->body =
            json_pack("{s:s,s:o,s:b,s:O}", "period", frames.items[0].id, "as_of",
                      kpid_json_timestamp(snap.as_of), "closed", true, "scorecards", scorecards);
    } else if (st == KPID_DB_OK) {
        st = answer_live(db, a, &snap, &scorecards);
    }
    if (st == KPID_DB_OK)
        a->rows = csv_rows(scorecards);
    json_decref(scorecards);
    kpid_snapshot_clear(&snap);
    kpid_frames_free(&frames);
    return st;
}

enum kpid_outcome kpid_h_period_scorecards_get(struct kpid_request *req)
{
    return kpid_results_period_get(req, KPID_RP_AS_OF | KPID_RP_LIVE, answer);
}
