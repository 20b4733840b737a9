/* A period's payout statements: live from its results and scorecards, or frozen at closing. */
#include "kpid/people/payouts.h"

#include "kpid/json/json_out.h"
#include "kpid/kpis/results.h"
#include "kpid/kpis/snapshot.h"
#include "kpid/people/statement.h"
#include "kpid/store/pay_plan.h"
#include "kpid/store/period_payout.h"
#include "kpid/store/pilot_period.h"

#include <stdlib.h>

enum kpid_db_status kpid_payouts_compute(struct kpid_db *db, const char *workspace_id,
                                         const kpi_period *period, const char *person,
                                         const json_t *scorecards, const json_t *results,
                                         json_t **out)
{
    kpi_period months[12];
    size_t n = kpi_period_months(period, months);
    if (n == 0) { /* a week: pay is monthly (or quarterly), so nobody is paid by a week */
        *out = json_array();
        return *out != NULL ? KPID_DB_OK : KPID_DB_ERROR;
    }
    char last[KPI_PERIOD_TEXT_SIZE], first_day[KPI_DATE_TEXT_SIZE], end_day[KPI_DATE_TEXT_SIZE];
    kpi_period_format(&months[n - 1], last);
    kpi_date_format(kpi_period_start(period), first_day);
    kpi_date_format(kpi_period_end(period), end_day);
    char id[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(period, id);
    enum kpid_db_status st;
    *out = NULL;
    kpid_result *pilot = kpid_store_pilot_period_get(db, workspace_id, id, &st);
    if (pilot == NULL)
        return st;
    kpid_result *res =
        kpid_store_pay_plan_period_select(db, workspace_id, person, last, first_day, end_day, &st);
    if (res != NULL) {
        *out = json_array();
        bool pilot_period = kpid_result_rows(pilot) == 1;
        const char *reason = pilot_period ? kpid_result_text(pilot, 0, "reason") : NULL;
        for (int i = 0; i < kpid_result_rows(res); i++) {
            json_t *who = kpid_json_parse(kpid_result_text(res, i, "person"));
            json_t *plans = kpid_json_parse(kpid_result_text(res, i, "plans"));
            struct kpid_statement_input in = {*period, who,          plans, scorecards,
                                              results, pilot_period, reason};
            json_t *statement = kpid_statement_compute(&in);
            if (statement != NULL)
                json_array_append_new(*out, statement);
            json_decref(who);
            json_decref(plans);
        }
        kpid_result_free(res);
    }
    kpid_result_free(pilot);
    return st;
}

enum kpid_db_status kpid_payouts_freeze(struct kpid_db *db, const char *workspace_id,
                                        const char *period_id, const json_t *payouts)
{
    enum kpid_db_status st = kpid_store_period_payout_delete(db, workspace_id, period_id);
    size_t i;
    json_t *s;
    json_array_foreach(payouts, i, s)
    {
        if (st != KPID_DB_OK)
            break;
        char *text = json_dumps(s, JSON_COMPACT | JSON_REAL_PRECISION(17));
        if (text == NULL)
            return KPID_DB_ERROR;
        st = kpid_store_period_payout_insert(db, workspace_id, period_id,
                                             json_string_value(json_object_get(s, "person")), text);
        free(text);
    }
    return st;
}

static enum kpid_db_status frozen_load(struct kpid_db *db, const char *workspace_id,
                                       const char *period_id, const char *person, json_t **out)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_period_payout_list(db, workspace_id, period_id, person, &st);
    *out = NULL;
    if (res == NULL)
        return st;
    *out = json_array();
    for (int i = 0; i < kpid_result_rows(res); i++)
        json_array_append_new(*out, kpid_json_parse(kpid_result_text(res, i, "statement")));
    kpid_result_free(res);
    return KPID_DB_OK;
}

/* The statements computed now, with the results and scorecards they rest on. */
static enum kpid_db_status compute_live(struct kpid_db *db, const char *workspace_id,
                                        const kpi_period *period, const char *person,
                                        struct kpid_payouts_answer *out)
{
    struct kpid_results r;
    struct kpid_results_query q = {.period = *period};
    json_t *scorecards = NULL, *results = NULL;
    enum kpid_db_status st = kpid_results_compute(db, workspace_id, &q, &r);
    if (st == KPID_DB_OK)
        st = kpid_results_scorecards(db, workspace_id, &r, &scorecards);
    if (st == KPID_DB_OK) {
        results = kpid_results_json(&r);
        st = kpid_payouts_compute(db, workspace_id, period, person, scorecards, results,
                                  &out->payouts);
        out->head =
            json_pack("{s:s,s:o,s:b}", "period", r.frames.items[0].id, "as_of",
                      kpid_json_timestamp(r.frames.as_of), "closed", r.frames.items[0].closed);
    }
    json_decref(scorecards);
    json_decref(results);
    kpid_results_free(&r);
    return st;
}

enum kpid_db_status kpid_payouts_answer(struct kpid_db *db, const char *workspace_id,
                                        const kpi_period *period, const char *person, bool live,
                                        struct kpid_payouts_answer *out)
{
    struct kpid_frames frames;
    json_t *frozen = NULL;
    out->head = out->payouts = out->restatement = NULL;
    enum kpid_db_status st = kpid_frames_load(db, workspace_id, period, 1, NULL, &frames);
    bool closed = st == KPID_DB_OK && frames.items[0].closed;
    if (closed)
        st = frozen_load(db, workspace_id, frames.items[0].id, person, &frozen);
    if (st == KPID_DB_OK && closed && !live) {
        out->head = json_pack("{s:s,s:b}", "period", frames.items[0].id, "closed", true);
        out->payouts = json_incref(frozen);
    } else if (st == KPID_DB_OK) {
        st = compute_live(db, workspace_id, period, person, out);
        if (st == KPID_DB_OK && closed)
            out->restatement = kpid_restatement(frozen, out->payouts, "person");
    }
    json_decref(frozen);
    kpid_frames_free(&frames);
    return st;
}

void kpid_payouts_answer_clear(struct kpid_payouts_answer *a)
{
    json_decref(a->head);
    json_decref(a->payouts);
    json_decref(a->restatement);
    a->head = a->payouts = a->restatement = NULL;
}
