/* KPI results and scorecards of a period: libkpi assesses and scores, this file assembles. */
#include "kpid/kpis/results.h"

#include "kpi/score.h"
#include "kpi/unit.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/scorecard_def.h"
#include "kpid/limits/limits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kpid_results_free(struct kpid_results *r)
{
    kpid_frames_free(&r->frames);
    kpid_kpi_list_free(&r->kpis);
    kpid_grid_free(&r->grid);
}

enum kpid_db_status kpid_results_compute(struct kpid_db *db, const char *workspace_id,
                                         const struct kpid_results_query *q,
                                         struct kpid_results *out)
{
    memset(out, 0, sizeof *out);
    kpi_period periods[2] = {q->period};
    size_t n = kpi_period_shift(&q->period, -1, &periods[1], NULL) == KPI_OK ? 2 : 1;
    enum kpid_db_status st = kpid_frames_load(db, workspace_id, periods, n, q->as_of, &out->frames);
    struct kpid_kpi_filter filter = {kpi_period_kind_name(q->period.kind), q->owner, NULL, NULL};
    if (st == KPID_DB_OK)
        st = kpid_kpi_defs_load(db, workspace_id, &filter, &out->kpis);
    if (st == KPID_DB_OK && q->max_rows > 0 && out->kpis.n > (size_t)q->max_rows)
        st = KPID_DB_ABORT;
    if (st == KPID_DB_OK)
        st = kpid_grid_compute(db, workspace_id, &out->kpis, &out->frames, q->channel, &q->segment,
                               &out->grid);
    return st;
}

json_t *kpid_result_number(kpi_opt v, bool money)
{
    if (!v.present)
        return json_null();
    double x = money ? kpi_round_money(v.value) : v.value;
    if (x == floor(x) && fabs(x) < 9007199254740992.0)
        return json_integer((json_int_t)x);
    return json_real(x);
}

json_t *kpid_results_head(const struct kpid_frames *frames)
{
    const struct kpid_frame *f = &frames->items[0];
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:b}", "period", f->id, "kind",
                     kpi_period_kind_name(f->period.kind), "start", f->span.start, "end",
                     f->span.end, "as_of", kpid_json_timestamp(frames->as_of), "closed", f->closed);
}

json_t *kpid_result_target_json(const kpi_target *t)
{
    return json_pack("{s:o,s:o,s:o}", "base", kpid_result_number(t->base, false), "plan",
                     kpid_result_number(t->plan, false), "stretch",
                     kpid_result_number(t->stretch, false));
}

json_t *kpid_result_measures_json(const struct kpid_kpi_def *k, const kpi_measure_set *set)
{
    json_t *o = json_object();
    if (k->source == KPID_KPI_MANUAL)
        return o;
    for (int m = 0; m < KPI_MEASURE_COUNT; m++) {
        if (!(k->formula.measures & KPI_MEASURE_BIT(m)))
            continue;
        bool money = m == KPI_M_REVENUE || m == KPI_M_REVENUE_NEW_CLIENTS ||
                     m == KPI_M_GROSS_MARGIN || m == KPI_M_SPEND;
        json_object_set_new(o, kpi_measure_name((kpi_measure)m),
                            kpid_result_number(kpi_measures_get(set, (kpi_measure)m), money));
    }
    for (int c = 0; c < k->formula.n_counters; c++) {
        char name[sizeof "counter." + KPI_COUNTER_NAME_MAX];
        snprintf(name, sizeof name, "counter.%s", k->formula.counter[c]);
        json_object_set_new(
            o, name,
            kpid_result_number(kpi_some(kpi_measures_counter(set, k->formula.counter[c])), false));
    }
    return o;
}

/* One KPI's result object. */
static json_t *result_json(const struct kpid_results *r, size_t k)
{
    const struct kpid_kpi_def *def = &r->kpis.items[k];
    const struct kpid_grid_cell *cell = kpid_grid_at(&r->grid, k, 0);
    const struct kpid_frame *f = &r->frames.items[0];
    bool money = def->unit == KPI_UNIT_MONEY;
    kpi_assessment a =
        kpi_assess(def->direction, cell->fact, &cell->target, KPI_DEFAULT_MAX_ATTAINMENT);
    kpi_maturity maturity = kpi_period_maturity(&f->period, def->lag_days, r->frames.as_of_local);
    char matures_on[KPI_DATE_TEXT_SIZE];
    kpi_date_format(kpi_period_matures_on(&f->period, def->lag_days), matures_on);
    kpi_opt previous = r->frames.n > 1 ? kpid_grid_at(&r->grid, k, 1)->fact : kpi_none();
    kpi_opt change = kpi_none(), change_pct = kpi_none();
    if (cell->fact.present && previous.present) {
        change = kpi_some(cell->fact.value - previous.value);
        if (previous.value != 0)
            change_pct = kpi_some(100.0 * change.value / fabs(previous.value));
    }
    json_t *prev = json_pack("{s:o,s:o}", "period",
                             r->frames.n > 1 ? json_string(r->frames.items[1].id) : json_null(),
                             "fact", kpid_result_number(previous, money));
    return json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "kpi", def->code,
        "name", def->name, "owner", def->owner, "level", def->level, "unit",
        kpi_unit_name(def->unit), "direction", kpi_direction_name(def->direction), "fact",
        kpid_result_number(cell->fact, money), "target", kpid_result_target_json(&cell->target),
        "attainment", kpid_result_number(a.attainment, false), "status",
        kpi_result_status_name(a.status), "maturity", kpi_maturity_name(maturity), "matures_on",
        matures_on, "measures", kpid_result_measures_json(def, &cell->measures), "previous", prev,
        "change", kpid_result_number(change, money), "change_pct",
        kpid_result_number(change_pct, false));
}

json_t *kpid_results_json(const struct kpid_results *r)
{
    json_t *list = json_array();
    for (size_t k = 0; k < r->kpis.n; k++)
        json_array_append_new(list, result_json(r, k));
    return list;
}

/* One scored item. */
static json_t *item_json(const struct kpid_scorecard_item_def *def, const kpi_scorecard_item *in,
                         const kpi_item_score *score, bool money)
{
    return json_pack("{s:s,s:f,s:o,s:o,s:o,s:f,s:f,s:o,s:s}", "kpi", def->kpi, "weight",
                     def->weight, "fact", kpid_result_number(in->fact, money), "plan",
                     kpid_result_number(in->target.plan, false), "attainment",
                     kpid_result_number(score->assessment.attainment, false), "capped_attainment",
                     score->assessment.capped_attainment, "index", score->index, "item_bonus",
                     kpid_result_number(kpi_some(score->item_bonus), true), "status",
                     kpi_result_status_name(score->assessment.status));
}

/* Scores one scorecard on the results; a definition that no longer scores (a KPI deleted or
 * of another granularity) answers null totals and says why in its warnings. */
static json_t *scorecard_json(const struct kpid_scorecard_def *def, const struct kpid_results *r)
{
    kpi_scorecard_item in[KPI_SCORECARD_MAX_ITEMS];
    kpi_item_score scores[KPI_SCORECARD_MAX_ITEMS];
    kpi_scorecard sc;
    kpi_scorecard_score total = {0};
    kpi_error err = {0};
    int missing = kpid_scorecard_def_to_kpi(def, &r->kpis, in, &sc);
    bool unit_money[KPI_SCORECARD_MAX_ITEMS] = {false};
    for (size_t i = 0; i < def->n_items; i++) {
        const struct kpid_kpi_def *k = kpid_kpi_list_find(&r->kpis, def->items[i].kpi);
        if (k == NULL)
            continue;
        const struct kpid_grid_cell *cell = kpid_grid_at(&r->grid, (size_t)(k - r->kpis.items), 0);
        in[i].fact = cell->fact;
        in[i].target = cell->target;
        unit_money[i] = k->unit == KPI_UNIT_MONEY;
    }
    bool scored = missing < 0 && kpi_scorecard_compute(&sc, scores, &total, &err) == KPI_OK;
    json_t *warnings = kpid_warnings_json(scored ? total.warnings : 0);
    json_t *items = json_array();
    if (!scored) {
        char text[200];
        if (missing >= 0)
            snprintf(text, sizeof text, "KPI %s is not defined", def->items[missing].kpi);
        else
            snprintf(text, sizeof text, "the scorecard does not score: %s", err.message);
        json_array_append_new(warnings, json_string(text));
    }
    for (size_t i = 0; scored && i < def->n_items; i++)
        json_array_append_new(items, item_json(&def->items[i], &in[i], &scores[i], unit_money[i]));
    kpi_opt t = scored ? kpi_some(total.total) : kpi_none();
    return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "scorecard", def->code, "name",
                     def->name, "items", items, "total", kpid_result_number(t, false), "fixed_pay",
                     kpid_result_number(kpi_some(def->fixed_pay), true), "bonus_base",
                     kpid_result_number(kpi_some(def->bonus_base), true), "bonus",
                     kpid_result_number(scored ? kpi_some(total.bonus) : kpi_none(), true),
                     "payout",
                     kpid_result_number(scored ? kpi_some(total.payout) : kpi_none(), true),
                     "warnings", warnings);
}

enum kpid_db_status kpid_results_scorecards(struct kpid_db *db, const char *workspace_id,
                                            const struct kpid_results *r, json_t **out)
{
    struct kpid_scorecard_list list = {0};
    struct kpid_scorecard_filter filter = {kpi_period_kind_name(r->frames.items[0].period.kind),
                                           NULL, NULL};
    *out = NULL;
    enum kpid_db_status st = kpid_scorecard_defs_load(db, workspace_id, &filter, &list);
    if (st != KPID_DB_OK)
        return st;
    *out = json_array();
    for (size_t i = 0; i < list.n; i++)
        json_array_append_new(*out, scorecard_json(&list.items[i], r));
    kpid_scorecard_list_free(&list);
    return KPID_DB_OK;
}
