/* kpiscore scoring: facts, attainment and status per KPI, then the scorecard, as JSON. */
#include <stdio.h>

#include "kpiscore.h"

/* A nullable number; money is rounded to the cent only here, when written. */
static json_t *num(kpi_opt v, bool money)
{
    if (!v.present)
        return json_null();
    return json_real(money ? kpi_round_money(v.value) : v.value);
}

static json_t *money(double v)
{
    return json_real(kpi_round_money(v));
}

static kpi_opt fact_of(const ks_kpi *k, const kpi_measure_set *measures)
{
    return k->source == KS_MANUAL ? k->manual : kpi_formula_eval(&k->formula, measures);
}

static json_t *target_json(const kpi_target *t, bool is_money)
{
    return json_pack("{s:o,s:o,s:o}", "base", num(t->base, is_money), "plan",
                     num(t->plan, is_money), "stretch", num(t->stretch, is_money));
}

static json_t *result_json(const ks_kpi *k, kpi_opt fact)
{
    bool is_money = k->unit == KPI_UNIT_MONEY;
    kpi_assessment a = kpi_assess(k->direction, fact, &k->target, KPI_DEFAULT_MAX_ATTAINMENT);
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s}", "kpi", k->code, "unit",
                     kpi_unit_name(k->unit), "direction", kpi_direction_name(k->direction),
                     "granularity", kpi_period_kind_name(k->granularity), "fact",
                     num(fact, is_money), "target", target_json(&k->target, is_money), "attainment",
                     num(a.attainment, false), "status", kpi_result_status_name(a.status));
}

/* The scored scorecard; with a person's pay, *statement gets their statement. */
static json_t *scorecard_json(const ks_doc *doc, const kpi_opt *facts, json_t **statement,
                              ks_error *err)
{
    kpi_scorecard sc = doc->scorecard;
    kpi_scorecard_item items[KPI_SCORECARD_MAX_ITEMS];
    kpi_item_score scores[KPI_SCORECARD_MAX_ITEMS];
    kpi_scorecard_score total;
    kpi_error e;
    for (size_t i = 0; i < sc.n_items; i++) {
        items[i] = doc->items[i];
        items[i].fact = facts[doc->item_kpi[i]];
    }
    sc.items = items;
    if (kpi_scorecard_compute(&sc, scores, &total, &e) != KPI_OK) {
        snprintf(err->message, sizeof err->message, "%s", e.message); /* validated on read */
        snprintf(err->field, sizeof err->field, "scorecard");
        return NULL;
    }
    json_t *list = json_array(), *warnings = json_array();
    for (size_t i = 0; i < sc.n_items; i++) {
        const ks_kpi *k = &doc->kpis[doc->item_kpi[i]];
        const kpi_assessment *a = &scores[i].assessment;
        json_array_append_new(
            list, json_pack("{s:s,s:f,s:o,s:o,s:o,s:f,s:f,s:o,s:s}", "kpi", k->code, "weight",
                            items[i].weight, "fact", num(items[i].fact, k->unit == KPI_UNIT_MONEY),
                            "plan", num(k->target.plan, k->unit == KPI_UNIT_MONEY), "attainment",
                            num(a->attainment, false), "capped_attainment", a->capped_attainment,
                            "index", scores[i].index, "item_bonus", money(scores[i].item_bonus),
                            "status", kpi_result_status_name(a->status)));
    }
    if (doc->has_pay)
        *statement = ks_statement(doc, scores, total.total);
    if (total.warnings & KPI_WARN_MANY_ITEMS)
        json_array_append_new(warnings, json_string(kpi_warning_text(KPI_WARN_MANY_ITEMS)));
    return json_pack("{s:s,s:s,s:f,s:o,s:f,s:o,s:o,s:o,s:o,s:o}", "scorecard", doc->scorecard_code,
                     "granularity", kpi_period_kind_name(sc.granularity), "max_attainment",
                     sc.max_attainment, "items", list, "total", total.total, "fixed_pay",
                     money(sc.fixed_pay), "bonus_base", money(sc.bonus_base), "bonus",
                     money(total.bonus), "payout", money(total.payout), "warnings", warnings);
}

json_t *ks_score(const ks_doc *doc, ks_error *err)
{
    kpi_opt facts[KS_MAX_KPIS];
    json_t *out = json_object(), *results = json_array();
    if (doc->has_period) {
        char id[KPI_PERIOD_TEXT_SIZE], start[KPI_DATE_TEXT_SIZE], end[KPI_DATE_TEXT_SIZE];
        kpi_period_format(&doc->period, id);
        kpi_date_format(kpi_period_start(&doc->period), start);
        kpi_date_format(kpi_period_end(&doc->period), end);
        json_object_set_new(out, "period", json_string(id));
        json_object_set_new(out, "kind", json_string(kpi_period_kind_name(doc->period.kind)));
        json_object_set_new(out, "start", json_string(start));
        json_object_set_new(out, "end", json_string(end));
    }
    for (size_t i = 0; i < doc->n_kpis; i++) {
        facts[i] = fact_of(&doc->kpis[i], &doc->measures);
        json_array_append_new(results, result_json(&doc->kpis[i], facts[i]));
    }
    json_object_set_new(out, "results", results);
    if (doc->has_scorecard) {
        json_t *statement = NULL;
        json_t *sc = scorecard_json(doc, facts, &statement, err);
        if (sc == NULL) {
            json_decref(out);
            return NULL;
        }
        json_object_set_new(out, "scorecard", sc);
        if (statement != NULL)
            json_object_set_new(out, "statement", statement);
    }
    return out;
}

json_t *ks_error_json(const ks_error *err)
{
    json_t *e = json_pack("{s:s,s:s}", "message", err->message, "field", err->field);
    if (err->position > 0)
        json_object_set_new(e, "position", json_integer(err->position));
    return json_pack("{s:o}", "error", e);
}
