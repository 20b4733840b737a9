/* GET /v1/periods/{id}/scorecards: every scorecard of the period's granularity, scored on its
 * results (from the snapshot once the period is closed, unless ?live=true or ?as_of=). */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/results_http.h"
#include "kpid/http/json_out.h"
#include "kpid/kpis/results.h"
#include "kpid/kpis/snapshot.h"

struct answer {
    const char *workspace_id;
    kpi_period period;
    const struct kpid_results_params *p;
    json_t *body;
    json_t *scorecards;
};

static enum kpid_db_status answer_live(struct kpid_db *db, struct answer *a,
                                       const struct kpid_snapshot *snap)
{
    struct kpid_results r;
    struct kpid_results_query q = {a->period, a->p->as_of, NULL, NULL};
    enum kpid_db_status st = kpid_results_compute(db, a->workspace_id, &q, &r);
    if (st == KPID_DB_OK)
        st = kpid_results_scorecards(db, a->workspace_id, &r, &a->scorecards);
    if (st == KPID_DB_OK) {
        a->body = kpid_results_head(&r.frames);
        json_object_del(a->body, "kind");
        json_object_del(a->body, "start");
        json_object_del(a->body, "end");
        json_object_set(a->body, "scorecards", a->scorecards);
        if (snap->scorecards != NULL && a->p->live)
            json_object_set_new(a->body, "restatement",
                                kpid_restatement(snap->scorecards, a->scorecards, "scorecard"));
    }
    kpid_results_free(&r);
    return st;
}

static enum kpid_db_status answer(struct kpid_db *db, void *ctx)
{
    struct answer *a = ctx;
    json_decref(a->body);
    json_decref(a->scorecards);
    a->body = a->scorecards = NULL;
    struct kpid_frames frames;
    struct kpid_snapshot snap = {0};
    bool found = false;
    enum kpid_db_status st = kpid_frames_load(db, a->workspace_id, &a->period, 1, NULL, &frames);
    if (st == KPID_DB_OK && frames.items[0].closed)
        st = kpid_snapshot_load(db, a->workspace_id, frames.items[0].id, &snap, &found);
    if (st == KPID_DB_OK && found && !a->p->live && !a->p->as_of) {
        a->scorecards = json_incref(snap.scorecards);
        a->body =
            json_pack("{s:s,s:o,s:b,s:O}", "period", frames.items[0].id, "as_of",
                      kpid_json_timestamp(snap.as_of), "closed", true, "scorecards", a->scorecards);
    } else if (st == KPID_DB_OK) {
        st = answer_live(db, a, &snap);
    }
    kpid_snapshot_clear(&snap);
    kpid_frames_free(&frames);
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

enum kpid_outcome kpid_h_period_scorecards_get(struct kpid_request *req)
{
    struct kpid_results_params p;
    struct answer a = {req->auth.workspace_id, {0}, &p, NULL, NULL};
    struct kpid_db *db;
    enum kpid_outcome rc;
    if ((rc = kpid_results_period(req, &a.period)) != KPID_OK ||
        (rc = kpid_results_params_read(req, KPID_RP_AS_OF | KPID_RP_LIVE, &p)) != KPID_OK ||
        (rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    enum kpid_db_status st = kpid_results_read(db, answer, &a);
    json_t *rows = st == KPID_DB_OK ? csv_rows(a.scorecards) : NULL;
    json_decref(a.scorecards);
    if (st != KPID_DB_OK) {
        json_decref(a.body);
        return kpid_http_db_failed(req, st);
    }
    return kpid_results_reply(req, p.csv, a.body, rows);
}
