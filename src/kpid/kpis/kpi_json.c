/* Renders nullable libkpi numbers and targets as JSON. */
#include "kpid/kpis/kpi_json.h"

#include <math.h>

json_t *kpid_json_opt(kpi_opt v)
{
    if (!v.present)
        return json_null();
    if (v.value == floor(v.value) && fabs(v.value) < 9007199254740992.0)
        return json_integer((json_int_t)v.value);
    return json_real(v.value);
}

json_t *kpid_json_target(const kpi_target *t)
{
    return json_pack("{s:o,s:o,s:o}", "base", kpid_json_opt(t->base), "plan",
                     kpid_json_opt(t->plan), "stretch", kpid_json_opt(t->stretch));
}
