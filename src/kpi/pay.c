/* A pay plan version and one month's pay under it: tenure month, split step, proration. */
#include "kpi/pay.h"

#include <math.h>

#include "error_internal.h"

static bool amount_ok(double v)
{
    return isfinite(v) && v >= 0;
}

kpi_status kpi_pay_plan_validate(const kpi_pay_plan *plan, kpi_error *err)
{
    if (!plan->split)
        return amount_ok(plan->fixed_pay) && amount_ok(plan->bonus_base)
                   ? KPI_OK
                   : kpi_fail(err, KPI_ERR_INVALID, 0,
                              "fixed_pay and bonus_base must be 0 or more");
    if (!amount_ok(plan->total_pay))
        return kpi_fail(err, KPI_ERR_INVALID, 0, "total_pay must be 0 or more");
    if (plan->n_steps < 1 || plan->n_steps > KPI_SPLIT_MAX_STEPS)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "a split schedule has 1 to %d steps",
                        KPI_SPLIT_MAX_STEPS);
    for (size_t i = 0; i < plan->n_steps; i++) {
        const kpi_split_step *s = &plan->steps[i];
        int at = (int)i + 1;
        if (i == 0 && s->from_month != 1)
            return kpi_fail(err, KPI_ERR_INVALID, at, "the first step starts at from_month 1");
        if (i > 0 && s->from_month <= plan->steps[i - 1].from_month)
            return kpi_fail(err, KPI_ERR_INVALID, at,
                            "from_month of step %d must be greater "
                            "than the one before",
                            at);
        if (!isfinite(s->fixed_share) || s->fixed_share < 0 || s->fixed_share > 1)
            return kpi_fail(err, KPI_ERR_INVALID, at, "fixed_share of step %d must be 0 to 1", at);
    }
    return KPI_OK;
}

int kpi_tenure_month(kpi_date hired_on, const kpi_period *month)
{
    int y, m, d;
    kpi_date_to_ymd(hired_on, &y, &m, &d);
    return (month->year - y) * 12 + (month->index - m) + 1;
}

/* The fixed share of tenure month k: the step with the greatest from_month <= k. */
static double step_share(const kpi_pay_plan *plan, int k)
{
    double share = plan->steps[0].fixed_share;
    for (size_t i = 1; i < plan->n_steps && plan->steps[i].from_month <= k; i++)
        share = plan->steps[i].fixed_share;
    return share;
}

static kpi_date later(kpi_date a, kpi_date b)
{
    return a > b ? a : b;
}

static kpi_date earlier(kpi_date a, kpi_date b)
{
    return a < b ? a : b;
}

kpi_status kpi_pay_month(const kpi_pay_plan *plan, const kpi_employment *e, const kpi_period *month,
                         kpi_month_pay *out, kpi_error *err)
{
    kpi_status st = kpi_pay_plan_validate(plan, err);
    if (st != KPI_OK)
        return st;
    if (month->kind != KPI_PERIOD_MONTH)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "pay is computed per month");
    if (e->has_left && e->left_on < e->hired_on)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "left_on is before hired_on");
    kpi_date first = kpi_period_start(month), last = kpi_period_end(month) - 1;
    kpi_date from = later(first, e->hired_on), to = e->has_left ? earlier(last, e->left_on) : last;
    out->tenure_month = kpi_tenure_month(e->hired_on, month);
    out->days_in_month = (int)(last - first + 1);
    out->employed_days = to >= from ? (int)(to - from + 1) : 0;
    double fixed = plan->fixed_pay, bonus_base = plan->bonus_base;
    if (plan->split) {
        out->fixed_share = step_share(plan, out->tenure_month);
        fixed = plan->total_pay * out->fixed_share;
        bonus_base = plan->total_pay - fixed;
    } else {
        out->fixed_share = fixed + bonus_base > 0 ? fixed / (fixed + bonus_base) : 1.0;
    }
    if (out->employed_days == 0)
        fixed = bonus_base = 0;
    else if (plan->prorate)
        fixed = fixed * out->employed_days / out->days_in_month;
    out->fixed_pay = fixed;
    out->bonus_base = bonus_base;
    return KPI_OK;
}
