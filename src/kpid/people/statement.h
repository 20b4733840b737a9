/* One person's payout statement for one period, from documents: the person, their pay plan
 * versions, the period's scored scorecards and its results (docs/kpi-semantics.md section 8). */
#ifndef KPID_PEOPLE_STATEMENT_H
#define KPID_PEOPLE_STATEMENT_H

#include "kpi/period.h"

#include <jansson.h>
#include <stdbool.h>

/* What a statement is computed from; every document is borrowed. */
struct kpid_statement_input {
    kpi_period period;
    const json_t *person;     /* {code, name, department, hired_on, left_on} */
    const json_t *plans;      /* versions in force by the period's end, in the order they
                                 took effect, each with its scorecard's "granularity" */
    const json_t *scorecards; /* the period's scorecards as GET .../scorecards answers them */
    const json_t *results;    /* the period's KPI results (for maturity) */
    bool pilot_period;        /* the whole workspace runs the period as a pilot */
    const char *pilot_period_reason; /* why, or NULL */
};

/*
 * The statement (see openapi.yaml PayoutStatement), or NULL when the person is not paid in a
 * period of this kind: the scorecard of the version in force at the period's end is of
 * another granularity. A scorecard that is gone or does not score pays no bonus and says why
 * in "warnings".
 */
json_t *kpid_statement_compute(const struct kpid_statement_input *in);

#endif
