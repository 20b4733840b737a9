/* libkpi umbrella header: periods, working time, formulas, measures, metrics, scoring and pay. */
#ifndef KPI_KPI_H
#define KPI_KPI_H

/*
 * libkpi is pure C11: no I/O, no global mutable state, every function
 * thread-safe (calendars are immutable once built). Failures are values
 * (kpi_status plus an optional kpi_error); nothing prints or aborts on bad
 * input. Pointers passed in are borrowed unless a function says it takes or
 * returns ownership.
 */
#include "kpi/error.h"
#include "kpi/value.h"
#include "kpi/date.h"
#include "kpi/period.h"
#include "kpi/calendar.h"
#include "kpi/measures.h"
#include "kpi/formula.h"
#include "kpi/unit.h"
#include "kpi/metrics.h"
#include "kpi/score.h"
#include "kpi/pay.h"

#endif
