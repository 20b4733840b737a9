/* Prints the route table and the enumerations as JSON (kpid routes, kpid enums). */
#include "kpid/describe.h"

#include "kpid/enums.h"
#include "kpid/http/router.h"
#include "kpi/period.h"
#include "kpi/score.h"
#include "kpi/unit.h"

#include <jansson.h>
#include <stdio.h>

/* libkpi names its enums one value at a time; these list each from its first to last value. */
static const char *unit(int i)
{
    return kpi_unit_name((kpi_unit)i);
}
static const char *direction(int i)
{
    return kpi_direction_name((kpi_direction)i);
}
static const char *result_status(int i)
{
    return kpi_result_status_name((kpi_result_status)i);
}
static const char *maturity(int i)
{
    return kpi_maturity_name((kpi_maturity)i);
}
static const char *period_kind(int i)
{
    return kpi_period_kind_name((kpi_period_kind)i);
}

static const struct {
    const char *name;
    const char *(*name_of)(int);
    int first, last;
} libkpi_enums[] = {
    {"kpi_unit", unit, KPI_UNIT_COUNT, KPI_UNIT_POINTS},
    {"libkpi_direction", direction, KPI_HIGHER_IS_BETTER, KPI_LOWER_IS_BETTER},
    {"result_status", result_status, KPI_STATUS_NO_DATA, KPI_STATUS_MET},
    {"maturity", maturity, KPI_MATURITY_PROVISIONAL, KPI_MATURITY_FINAL},
    {"period_kind", period_kind, KPI_PERIOD_MONTH, KPI_PERIOD_WEEK},
};

/* The one scope a route needs, by name; NULL for none. */
static const char *scope_name(enum kpid_scope scope)
{
    for (unsigned i = 0; kpid_scopes[i] != NULL; i++)
        if ((unsigned)scope == 1u << i)
            return kpid_scopes[i];
    return NULL;
}

static int print_json(json_t *j)
{
    int rc = j != NULL ? json_dumpf(j, stdout, JSON_COMPACT) : -1;
    json_decref(j);
    return rc == 0 && puts("") >= 0 ? 0 : 1;
}

int kpid_describe_routes(void)
{
    int rc = 0;
    for (const struct kpid_route *r = kpid_routes; r->method != NULL && rc == 0; r++) {
        const char *scope = scope_name(r->scope);
        rc = print_json(json_pack("{s:s,s:s,s:o}", "method", r->method, "path", r->pattern, "scope",
                                  scope ? json_string(scope) : json_null()));
    }
    return rc;
}

int kpid_describe_enums(void)
{
    json_t *all = json_object();
    for (const struct kpid_enum *e = kpid_enums; e->name != NULL; e++) {
        json_t *values = json_array();
        for (const char *const *v = e->values; *v != NULL; v++)
            json_array_append_new(values, json_string(*v));
        json_object_set_new(all, e->name, values);
    }
    for (size_t i = 0; i < sizeof libkpi_enums / sizeof libkpi_enums[0]; i++) {
        json_t *values = json_array();
        for (int v = libkpi_enums[i].first; v <= libkpi_enums[i].last; v++)
            json_array_append_new(values, json_string(libkpi_enums[i].name_of(v)));
        json_object_set_new(all, libkpi_enums[i].name, values);
    }
    return print_json(all);
}
