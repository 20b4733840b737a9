/* Pay per person (docs/kpi-semantics.md section 8): tenure months, split schedules, proration
 * of a month's fixed pay, quarterly sums, pilot plans and the rounded payout statement. */
#ifndef KPI_PAY_H
#define KPI_PAY_H

#include <stdbool.h>
#include <stddef.h>

#include "kpi/date.h"
#include "kpi/error.h"
#include "kpi/period.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KPI_SPLIT_MAX_STEPS 24

/* From tenure month `from_month` on, `fixed_share` of total_pay is fixed pay. */
typedef struct kpi_split_step {
    int from_month;     /* >= 1; the first step of a schedule starts at 1 */
    double fixed_share; /* 0..1 */
} kpi_split_step;

/* One pay plan version: explicit amounts, or total_pay divided by a split schedule. */
typedef struct kpi_pay_plan {
    bool split;        /* true: total_pay and the schedule; false: fixed_pay and bonus_base */
    double fixed_pay;  /* per month, >= 0 (split = false) */
    double bonus_base; /* per month, >= 0 (split = false) */
    double total_pay;  /* per month, >= 0 (split = true) */
    size_t n_steps;    /* 1..KPI_SPLIT_MAX_STEPS when split */
    const kpi_split_step *steps; /* borrowed; from_month strictly increasing, first is 1 */
    bool prorate; /* a month worked in part pays fixed pay by employed calendar days */
    bool pilot;   /* results are scored but no bonus is paid */
} kpi_pay_plan;

/* When a person worked: hired_on, and left_on (inclusive) when has_left. */
typedef struct kpi_employment {
    kpi_date hired_on;
    bool has_left;
    kpi_date left_on; /* >= hired_on */
} kpi_employment;

/*
 * Checks a plan: amounts finite and >= 0; with a split, 1..KPI_SPLIT_MAX_STEPS steps, the
 * first from month 1, from_month strictly increasing, every fixed_share in 0..1.
 * KPI_ERR_INVALID with err->position the 1-based step at fault (0 for the plan itself).
 */
kpi_status kpi_pay_plan_validate(const kpi_pay_plan *plan, kpi_error *err);

/* Tenure month of `month` (a month period): whole months from the month of hired_on to it,
 * plus 1; 0 or less before the month of hiring. */
int kpi_tenure_month(kpi_date hired_on, const kpi_period *month);

/* The pay of one month (amounts unrounded). */
typedef struct kpi_month_pay {
    int tenure_month;
    double fixed_share; /* of the schedule step in force; fixed / (fixed + bonus) otherwise */
    int employed_days;  /* calendar days employed in the month, both ends inclusive */
    int days_in_month;
    double fixed_pay;  /* prorated by employed_days / days_in_month when the plan prorates */
    double bonus_base; /* never prorated; 0 in a month without an employed day */
} kpi_month_pay;

/*
 * The pay of month `month` (a month period) under `plan` (validated here). A month without
 * an employed day pays nothing. KPI_ERR_INVALID when `month` is not a month or left_on
 * is before hired_on.
 */
kpi_status kpi_pay_month(const kpi_pay_plan *plan, const kpi_employment *e, const kpi_period *month,
                         kpi_month_pay *out, kpi_error *err);

/* A statement of one period, every money line rounded half away from zero to 0.01. */
typedef struct kpi_pay_statement {
    double fixed_pay;      /* the sum of the period's months' fixed pay, rounded */
    double bonus_base;     /* the sum of their bonus bases, rounded */
    double total;          /* the scorecard's total index (not rounded) */
    double would_be_bonus; /* bonus_base * total, rounded */
    double bonus;          /* would_be_bonus, or 0 on a pilot plan */
    double payout;         /* fixed_pay + bonus: the statement adds up */
} kpi_pay_statement;

/*
 * The statement of a period whose months paid `months` (n >= 1: 1 for a monthly scorecard,
 * 3 for a quarterly one) and whose scorecard scored `total` (finite, >= 0). Each of the n
 * item indexes (may be 0 items) gets its item bonus, bonus_base * index rounded, into
 * item_bonus (caller-owned, n_items entries). KPI_ERR_INVALID on a bad argument.
 */
kpi_status kpi_pay_statement_compute(const kpi_month_pay *months, size_t n_months, double total,
                                     bool pilot, const double *indexes, size_t n_items,
                                     double *item_bonus, kpi_pay_statement *out, kpi_error *err);

#ifdef __cplusplus
}
#endif

#endif
