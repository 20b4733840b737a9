/* JSON for libkpi values shared by the KPI endpoints: nullable numbers and targets. */
#ifndef KPID_KPIS_KPI_JSON_H
#define KPID_KPIS_KPI_JSON_H

/* Owner: the definitions API; the results side may use it for facts and targets. */

#include "kpi/score.h"
#include "kpi/value.h"

#include <jansson.h>

/* null when absent; an integer when whole (and exactly representable), else a real. */
json_t *kpid_json_opt(kpi_opt v);

/* {"base", "plan", "stretch"}, each kpid_json_opt. */
json_t *kpid_json_target(const kpi_target *t);

#endif
