/* A person's payout statement: the plan version of each month, libkpi's pay per month and the
 * statement, the scorecard's items re-priced on the person's bonus base, and maturity. */
#include "kpid/people/statement.h"

#include "kpi/pay.h"
#include "kpi/score.h"
#include "kpid/kpis/results.h"
#include "kpid/people/pay_plan_doc.h"

#include <string.h>

/* Money as every reply writes it: to the cent, whole amounts as integers. */
static json_t *money(double v)
{
    return kpid_result_number(kpi_some(v), true);
}

/* The version in force in `month`: the last one (in the order they took effect) whose
 * effective_from is not after it; NULL before the first. */
static const json_t *version_in_force(const json_t *plans, const kpi_period *month)
{
    char id[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(month, id);
    const json_t *found = NULL;
    size_t i;
    json_t *v;
    json_array_foreach(plans, i, v)
    {
        const char *from = json_string_value(json_object_get(v, "effective_from"));
        if (from != NULL && strcmp(from, id) <= 0)
            found = v;
    }
    return found;
}

static const json_t *find_by(const json_t *array, const char *member, const char *value)
{
    size_t i;
    json_t *o;
    json_array_foreach(array, i, o)
    {
        const char *s = json_string_value(json_object_get(o, member));
        if (s != NULL && value != NULL && strcmp(s, value) == 0)
            return o;
    }
    return NULL;
}

static bool employment_of(const json_t *person, kpi_employment *e)
{
    const json_t *left = json_object_get(person, "left_on");
    e->has_left = json_is_string(left);
    return kpi_date_parse(json_string_value(json_object_get(person, "hired_on")), &e->hired_on,
                          NULL) == KPI_OK &&
           (!e->has_left || kpi_date_parse(json_string_value(left), &e->left_on, NULL) == KPI_OK);
}

/* One month's pay under the version in force then (none: the month pays nothing), appended
 * to `months` as JSON. */
static bool month_pay(const struct kpid_statement_input *in, const kpi_employment *e,
                      const kpi_period *month, kpi_month_pay *out, json_t *months)
{
    const json_t *v = version_in_force(in->plans, month);
    struct kpid_pay_plan_doc plan;
    char id[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(month, id);
    memset(out, 0, sizeof *out);
    if (v != NULL) {
        if (!kpid_pay_plan_doc_read(v, &plan) ||
            kpi_pay_month(&plan.plan, e, month, out, NULL) != KPI_OK)
            return false;
    } else {
        out->tenure_month = kpi_tenure_month(e->hired_on, month);
    }
    json_array_append_new(
        months,
        json_pack("{s:s,s:o,s:i,s:f,s:i,s:i,s:o,s:o}", "month", id, "plan_version",
                  v ? json_incref(json_object_get(v, "version")) : json_null(), "tenure_month",
                  out->tenure_month, "fixed_share", out->fixed_share, "employed_days",
                  out->employed_days, "days_in_month", out->days_in_month, "fixed_pay",
                  money(out->fixed_pay), "bonus_base", money(out->bonus_base)));
    return true;
}

/* The scorecard's items with each item bonus re-priced on the person's bonus base; the KPIs
 * whose results are provisional go to `provisional`. */
static json_t *items_of(const json_t *scorecard, const double *item_bonus, const json_t *results,
                        json_t *provisional)
{
    json_t *items = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(scorecard, "items"), i, it)
    {
        json_t *copy = json_deep_copy(it);
        json_object_set_new(copy, "item_bonus", money(item_bonus[i]));
        json_array_append_new(items, copy);
        const char *kpi = json_string_value(json_object_get(it, "kpi"));
        const char *maturity =
            json_string_value(json_object_get(find_by(results, "kpi", kpi), "maturity"));
        if (maturity != NULL && strcmp(maturity, "provisional") == 0)
            json_array_append_new(provisional, json_string(kpi));
    }
    return items;
}

/* The indexes of the scored items into idx (at most KPI_SCORECARD_MAX_ITEMS); the count. */
static size_t indexes_of(const json_t *scorecard, double *idx)
{
    size_t i, n = 0;
    json_t *it;
    json_array_foreach(json_object_get(scorecard, "items"), i, it)
    {
        if (n < KPI_SCORECARD_MAX_ITEMS)
            idx[n++] = json_number_value(json_object_get(it, "index"));
    }
    return n;
}

/* Why a pilot pays no bonus: the plan version, or the workspace's pilot period; null. */
static json_t *pilot_reason(const struct kpid_statement_input *in, bool plan_pilot)
{
    if (plan_pilot)
        return json_string("pilot plan: results are scored and the would-be bonus shown, no "
                           "bonus is paid");
    if (!in->pilot_period)
        return json_null();
    if (in->pilot_period_reason != NULL)
        return json_sprintf("pilot period: no bonus is paid (%s)", in->pilot_period_reason);
    return json_string("pilot period: results are scored and the would-be bonus shown, no "
                       "bonus is paid");
}

json_t *kpid_statement_compute(const struct kpid_statement_input *in)
{
    kpi_period months[12];
    size_t n_months = kpi_period_months(&in->period, months);
    const json_t *last = version_in_force(in->plans, &months[n_months - 1]);
    const char *granularity = json_string_value(json_object_get(last, "granularity"));
    if (last == NULL ||
        (granularity != NULL && strcmp(granularity, kpi_period_kind_name(in->period.kind)) != 0))
        return NULL;
    kpi_employment e;
    if (!employment_of(in->person, &e))
        return NULL;
    kpi_month_pay pay[12];
    json_t *month_docs = json_array();
    for (size_t i = 0; i < n_months; i++)
        if (!month_pay(in, &e, &months[i], &pay[i], month_docs)) {
            json_decref(month_docs);
            return NULL;
        }
    json_t *warnings = json_array(), *provisional = json_array();
    const char *code = json_string_value(json_object_get(last, "scorecard"));
    const json_t *sc = find_by(in->scorecards, "scorecard", code);
    const json_t *total = json_object_get(sc, "total");
    if (sc == NULL)
        json_array_append_new(warnings, json_sprintf("scorecard %s is not defined", code));
    else if (!json_is_number(total))
        json_array_append_new(warnings,
                              json_sprintf("scorecard %s does not score: no bonus", code));
    double idx[KPI_SCORECARD_MAX_ITEMS], item_bonus[KPI_SCORECARD_MAX_ITEMS];
    size_t n_items = json_is_number(total) ? indexes_of(sc, idx) : 0;
    bool plan_pilot = json_is_true(json_object_get(last, "pilot"));
    bool pilot = plan_pilot || in->pilot_period;
    kpi_pay_statement s;
    kpi_pay_statement_compute(pay, n_months, json_is_number(total) ? json_number_value(total) : 0,
                              pilot, idx, n_items, item_bonus, &s, NULL);
    json_t *items = n_items ? items_of(sc, item_bonus, in->results, provisional) : json_array();
    char period_id[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(&in->period, period_id);
    const kpi_month_pay *end = &pay[n_months - 1];
    json_t *out = json_pack(
        "{s:O,s:O,s:O,s:s,s:O,s:O,s:O,s:i,s:f,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "person",
        json_object_get(in->person, "code"), "name", json_object_get(in->person, "name"),
        "department", json_object_get(in->person, "department"), "period", period_id,
        "plan_version", json_object_get(last, "version"), "effective_from",
        json_object_get(last, "effective_from"), "scorecard", json_object_get(last, "scorecard"),
        "tenure_month", end->tenure_month, "fixed_share", end->fixed_share, "months", month_docs,
        "items", items, "total", json_is_number(total) ? json_real(s.total) : json_null(),
        "fixed_pay", money(s.fixed_pay), "bonus_base", money(s.bonus_base), "would_be_bonus",
        money(s.would_be_bonus), "bonus", money(s.bonus), "payout", money(s.payout));
    json_object_set_new(out, "pilot", json_boolean(pilot));
    json_object_set_new(out, "pilot_reason", pilot_reason(in, plan_pilot));
    json_object_set_new(out, "maturity",
                        json_string(json_array_size(provisional) ? "provisional" : "final"));
    json_object_set_new(out, "provisional_kpis", provisional);
    json_object_set_new(out, "warnings", warnings);
    return out;
}
