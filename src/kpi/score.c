/* One fact against its target: attainment, gate, cap and status (docs/kpi-semantics.md
 * section 6). */
#include "kpi/score.h"

#include <math.h>

#include "error_internal.h"
#include "names_internal.h"

static const char *const STATUSES[] = {"no_data",    "no_target", "below_base",
                                       "below_plan", "exceeded",  "met"};
#define N_STATUSES (sizeof STATUSES / sizeof STATUSES[0])

const char *kpi_result_status_name(kpi_result_status status)
{
    return kpi_name_of(STATUSES, N_STATUSES, (int)status);
}

kpi_status kpi_result_status_parse(const char *text, kpi_result_status *out, kpi_error *err)
{
    int i = kpi_name_index(STATUSES, N_STATUSES, text);
    if (i < 0)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "unknown result status");
    *out = (kpi_result_status)i;
    return KPI_OK;
}

/* Inputs come from callers too: a non-finite "present" number is treated as null. */
static kpi_opt sane(kpi_opt v)
{
    return v.present && isfinite(v.value) ? v : kpi_none();
}

/* "fact is worse than level": below it when higher is better, above it when lower is. */
static bool worse(kpi_direction direction, double fact, double level)
{
    return direction == KPI_LOWER_IS_BETTER ? fact > level : fact < level;
}

static kpi_opt attainment(kpi_direction direction, kpi_opt fact, kpi_opt plan,
                          double max_attainment)
{
    double a;
    if (!fact.present || !plan.present)
        return kpi_none();
    if (direction == KPI_LOWER_IS_BETTER) {
        if (fact.value == 0.0)
            return kpi_some(max_attainment);
        a = plan.value / fact.value;
    } else {
        if (plan.value == 0.0)
            return kpi_none();
        a = fact.value / plan.value;
    }
    return isfinite(a) ? kpi_some(a + 0.0) : kpi_none();
}

static kpi_result_status status_of(kpi_direction direction, kpi_opt fact, const kpi_target *t)
{
    kpi_opt base = sane(t->base), plan = sane(t->plan), stretch = sane(t->stretch);
    if (!fact.present)
        return KPI_STATUS_NO_DATA;
    if (!plan.present)
        return KPI_STATUS_NO_TARGET;
    if (base.present && worse(direction, fact.value, base.value))
        return KPI_STATUS_BELOW_BASE;
    if (worse(direction, fact.value, plan.value))
        return KPI_STATUS_BELOW_PLAN;
    if (stretch.present && !worse(direction, fact.value, stretch.value))
        return KPI_STATUS_EXCEEDED; /* "at or better": not worse, equality included */
    return KPI_STATUS_MET;
}

kpi_assessment kpi_assess(kpi_direction direction, kpi_opt fact, const kpi_target *target,
                          double max_attainment)
{
    kpi_assessment out;
    kpi_opt base = sane(target->base);
    fact = sane(fact);
    out.attainment = attainment(direction, fact, sane(target->plan), max_attainment);
    out.status = status_of(direction, fact, target);
    if (!out.attainment.present || (base.present && worse(direction, fact.value, base.value)))
        out.capped_attainment = 0.0;
    else
        out.capped_attainment = fmin(out.attainment.value, max_attainment);
    return out;
}
