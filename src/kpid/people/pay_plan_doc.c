/* Reads a pay plan version's document into libkpi's kpi_pay_plan. */
#include "kpid/people/pay_plan_doc.h"

#include <string.h>

static bool read_steps(const json_t *schedule, struct kpid_pay_plan_doc *out)
{
    size_t i;
    json_t *step;
    if (!json_is_array(schedule) || json_array_size(schedule) > KPI_SPLIT_MAX_STEPS)
        return false;
    json_array_foreach(schedule, i, step)
    {
        const json_t *from = json_object_get(step, "from_month");
        const json_t *share = json_object_get(step, "fixed_share");
        if (!json_is_integer(from) || !json_is_number(share))
            return false;
        out->steps[i].from_month = (int)json_integer_value(from);
        out->steps[i].fixed_share = json_number_value(share);
    }
    out->plan.n_steps = json_array_size(schedule);
    return true;
}

bool kpid_pay_plan_doc_read(const json_t *doc, struct kpid_pay_plan_doc *out)
{
    memset(out, 0, sizeof *out);
    out->plan.steps = out->steps;
    const json_t *prorate = json_object_get(doc, "prorate");
    out->plan.prorate = prorate == NULL || json_is_true(prorate);
    out->plan.pilot = json_is_true(json_object_get(doc, "pilot"));
    const json_t *total = json_object_get(doc, "total_pay");
    if (json_is_number(total)) {
        out->plan.split = true;
        out->plan.total_pay = json_number_value(total);
        return read_steps(json_object_get(doc, "split_schedule"), out);
    }
    const json_t *fixed = json_object_get(doc, "fixed_pay");
    const json_t *bonus_base = json_object_get(doc, "bonus_base");
    out->plan.fixed_pay = json_number_value(fixed);
    out->plan.bonus_base = json_number_value(bonus_base);
    return json_is_number(fixed) && json_is_number(bonus_base);
}
