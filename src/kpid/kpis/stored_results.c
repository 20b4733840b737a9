/* Stored results: loading them for a read and computing them for the refresh. */
#include "kpid/kpis/stored_results.h"

#include "kpid/json/json_dump.h"
#include "kpid/kpis/period.h"
#include "kpid/kpis/results.h"
#include "kpid/limits/limits.h"
#include "kpid/store/period_result.h"
#include "kpid/store/results_session.h"

#include <stdlib.h>
#include <string.h>

enum kpid_db_status kpid_stored_results_load(struct kpid_db *db, const char *workspace_id,
                                             const char *period_id,
                                             struct kpid_stored_results *out)
{
    memset(out, 0, sizeof *out);
    enum kpid_db_status st;
    kpid_result *res = kpid_store_period_result_get(db, workspace_id, period_id, &st);
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) == 1) {
        const char *results = kpid_result_text(res, 0, "results");
        out->results = results ? json_loads(results, 0, NULL) : NULL;
        out->fresh = out->results != NULL && kpid_result_bool(res, 0, "fresh");
        kpid_result_copy(res, 0, "as_of", out->as_of, sizeof out->as_of);
    }
    kpid_result_free(res);
    return KPID_DB_OK;
}

void kpid_stored_results_clear(struct kpid_stored_results *s)
{
    json_decref(s->results);
    memset(s, 0, sizeof *s);
}

struct refresh {
    const char *workspace_id;
    const kpi_period *period;
};

/* Results and scorecards computed and stored in one snapshot, which the row remembers. */
static enum kpid_db_status compute_and_store(struct kpid_db *db, const struct refresh *r,
                                             const char *period_id)
{
    struct kpid_results results;
    struct kpid_results_query q = {.period = *r->period};
    json_t *scorecards = NULL;
    enum kpid_db_status st = kpid_results_compute(db, r->workspace_id, &q, &results);
    if (st == KPID_DB_OK)
        st = kpid_results_scorecards(db, r->workspace_id, &results, &scorecards);
    if (st == KPID_DB_OK) {
        json_t *list = kpid_results_json(&results);
        char *rt = kpid_json_dumps(list), *st_text = kpid_json_dumps(scorecards);
        st = rt && st_text ? kpid_store_period_result_store(db, r->workspace_id, period_id,
                                                            results.frames.as_of, rt, st_text)
                           : KPID_DB_ERROR;
        free(rt);
        free(st_text);
        json_decref(list);
    }
    json_decref(scorecards);
    kpid_results_free(&results);
    return st;
}

static enum kpid_db_status refresh(struct kpid_db *db, void *ctx)
{
    const struct refresh *r = ctx;
    struct kpid_period_row row;
    bool created;
    enum kpid_db_status st = kpid_store_results_repeatable_read(db);
    if (st == KPID_DB_OK)
        st = kpid_store_results_session(db, kpid_results_timeout_ms);
    if (st == KPID_DB_OK)
        st = kpid_period_row_upsert(db, r->workspace_id, r->period, &row, &created);
    if (st != KPID_DB_OK || row.closed)
        return st;
    st = kpid_store_period_result_register(db, r->workspace_id, row.id);
    return st == KPID_DB_OK ? compute_and_store(db, r, row.id) : st;
}

enum kpid_db_status kpid_stored_results_refresh(struct kpid_db *db, const char *workspace_id,
                                                const kpi_period *p)
{
    struct refresh r = {workspace_id, p};
    return kpid_db_transaction(db, refresh, &r);
}
