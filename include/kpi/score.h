/* Scoring per docs/kpi-semantics.md section 6: attainment, gate, cap, status, scorecards,
 * payout. */
#ifndef KPI_SCORE_H
#define KPI_SCORE_H

#include <stddef.h>

#include "kpi/error.h"
#include "kpi/period.h"
#include "kpi/unit.h"
#include "kpi/value.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KPI_DEFAULT_MAX_ATTAINMENT 2.0
#define KPI_SCORECARD_MAX_ITEMS 20
#define KPI_SCORECARD_WARN_ITEMS 7 /* more items than this are allowed with a warning */
#define KPI_WEIGHT_SUM_TOLERANCE 1e-9

/* A result's status; the checks run in this order and the first match wins. */
typedef enum kpi_result_status {
    KPI_STATUS_NO_DATA = 0, /* fact null */
    KPI_STATUS_NO_TARGET,   /* plan null */
    KPI_STATUS_BELOW_BASE,  /* base set and fact worse than base */
    KPI_STATUS_BELOW_PLAN,  /* fact worse than plan */
    KPI_STATUS_EXCEEDED,    /* stretch set and fact at or better than stretch */
    KPI_STATUS_MET
} kpi_result_status;

/* "no_data", "no_target", "below_base", "below_plan", "exceeded", "met"; static storage. */
const char *kpi_result_status_name(kpi_result_status status);
kpi_status kpi_result_status_parse(const char *text, kpi_result_status *out, kpi_error *err);

/* A target for (period, KPI); base and stretch are optional, plan may be missing. */
typedef struct kpi_target {
    kpi_opt base;
    kpi_opt plan;
    kpi_opt stretch;
} kpi_target;

/* How one fact fares against its target. */
typedef struct kpi_assessment {
    kpi_opt attainment;       /* null when fact or plan is null, or plan is 0 (higher) */
    double capped_attainment; /* 0 below the gate or when null; else min(attainment, max) */
    kpi_result_status status;
} kpi_assessment;

/*
 * attainment = fact / plan (higher is better) or plan / fact (lower is
 * better, where a fact of 0 attains `max_attainment`); then the gate, the
 * cap and the status as documented on the types. `target` is borrowed.
 * Without a scorecard pass KPI_DEFAULT_MAX_ATTAINMENT. Never fails: a
 * non-finite attainment (overflow) is reported null.
 */
kpi_assessment kpi_assess(kpi_direction direction, kpi_opt fact, const kpi_target *target,
                          double max_attainment);

/* One scorecard item: its weight and everything needed to score its KPI. */
typedef struct kpi_scorecard_item {
    double weight;               /* > 0; the weights of a scorecard sum to 1 */
    kpi_period_kind granularity; /* the KPI's; must equal the scorecard's */
    kpi_direction direction;
    kpi_opt fact;      /* ignored by kpi_scorecard_validate */
    kpi_target target; /* ignored by kpi_scorecard_validate */
} kpi_scorecard_item;

typedef struct kpi_scorecard {
    kpi_period_kind granularity;
    double max_attainment; /* > 0; KPI_DEFAULT_MAX_ATTAINMENT when the definition omits it */
    double fixed_pay;      /* >= 0 */
    double bonus_base;     /* >= 0 */
    size_t n_items;        /* 1..KPI_SCORECARD_MAX_ITEMS */
    const kpi_scorecard_item *items; /* borrowed, n_items entries */
} kpi_scorecard;

/* Warning bits reported by validation and scoring. */
#define KPI_WARN_MANY_ITEMS 1u /* more than KPI_SCORECARD_WARN_ITEMS items */

/* A sentence for one warning bit ("scorecard has more than 7 items"); static storage. */
const char *kpi_warning_text(unsigned warning_bit);

/*
 * Checks a scorecard definition (facts and targets are not looked at):
 * 1..20 items, every weight finite and > 0, weights summing to 1 within
 * KPI_WEIGHT_SUM_TOLERANCE, every item of the scorecard's granularity,
 * max_attainment finite and > 0, fixed_pay and bonus_base finite and >= 0.
 * KPI_ERR_INVALID (or KPI_ERR_LIMIT for the item count) with err->position
 * the 1-based item at fault, 0 for the scorecard itself. *warnings (may be
 * NULL) receives the warning bits.
 */
kpi_status kpi_scorecard_validate(const kpi_scorecard *sc, unsigned *warnings, kpi_error *err);

typedef struct kpi_item_score {
    kpi_assessment assessment;
    double index;      /* weight * capped_attainment */
    double item_bonus; /* bonus_base * index (money) */
} kpi_item_score;

typedef struct kpi_scorecard_score {
    double total;  /* sum of the indexes */
    double bonus;  /* bonus_base * total (money) */
    double payout; /* fixed_pay + bonus (money) */
    unsigned warnings;
} kpi_scorecard_score;

/*
 * Validates `sc` as kpi_scorecard_validate, then scores every item into
 * items_out (caller-owned, n_items entries) and the totals into *out. Money
 * is not rounded here: round with kpi_round_money when writing out.
 */
kpi_status kpi_scorecard_compute(const kpi_scorecard *sc, kpi_item_score *items_out,
                                 kpi_scorecard_score *out, kpi_error *err);

#ifdef __cplusplus
}
#endif

#endif
