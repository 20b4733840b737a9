/* A pay plan version's JSON document (as stored and as sent) read into libkpi's plan. */
#ifndef KPID_PEOPLE_PAY_PLAN_DOC_H
#define KPID_PEOPLE_PAY_PLAN_DOC_H

#include "kpi/pay.h"

#include <jansson.h>
#include <stdbool.h>

/* The plan and the storage of its split steps (plan.steps points into steps: do not copy). */
struct kpid_pay_plan_doc {
    kpi_pay_plan plan;
    kpi_split_step steps[KPI_SPLIT_MAX_STEPS];
};

/*
 * Reads fixed_pay and bonus_base, or total_pay and split_schedule ([{from_month,
 * fixed_share}]), and prorate (default true) and pilot (default false) from doc. False when
 * neither pair is there or the schedule is not a list of up to KPI_SPLIT_MAX_STEPS such
 * objects; libkpi's kpi_pay_plan_validate checks the values.
 */
bool kpid_pay_plan_doc_read(const json_t *doc, struct kpid_pay_plan_doc *out);

#endif
