/* The base measures of docs/kpi-semantics.md section 3, their names, and a set of their
 * values. */
#ifndef KPI_MEASURES_H
#define KPI_MEASURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kpi/value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every measure; the values are stable array indexes (do not persist them, use names). */
typedef enum kpi_measure {
    KPI_M_LEADS = 0,
    KPI_M_VALID_LEADS,
    KPI_M_SQL_LEADS,
    KPI_M_BRAND_LEADS,
    KPI_M_CONTACTED,
    KPI_M_MEETINGS,
    KPI_M_PROPOSALS,
    KPI_M_WON_DEALS,
    KPI_M_CLIENTS,
    KPI_M_NEW_CLIENTS,
    KPI_M_REPEAT_PURCHASES,
    KPI_M_REVENUE,
    KPI_M_REVENUE_NEW_CLIENTS,
    KPI_M_GROSS_MARGIN,
    KPI_M_DEALS_WITHOUT_MARGIN,
    KPI_M_SPEND,
    KPI_M_REACTION_COUNT,
    KPI_M_REACTION_MINUTES_SUM,
    KPI_M_REACTION_MINUTES_MEDIAN,
    KPI_M_PROCESSED_WITHIN_WORKDAY,
    KPI_M_CYCLE_DAYS_MEDIAN,
    KPI_M_NPS_RESPONSES,
    KPI_M_NPS_PROMOTERS,
    KPI_M_NPS_DETRACTORS,
    /* channel records (section 8): sums over the period's records, followers as levels */
    KPI_M_IMPRESSIONS,
    KPI_M_CLICKS,
    KPI_M_SESSIONS,
    KPI_M_BOUNCES,
    KPI_M_REACH,
    KPI_M_ENGAGEMENTS,
    KPI_M_EMAILS_SENT,
    KPI_M_EMAILS_DELIVERED,
    KPI_M_EMAILS_OPENED,
    KPI_M_EMAIL_CLICKS,
    KPI_M_UNSUBSCRIBES,
    KPI_M_CONVERSIONS,
    KPI_M_FOLLOWERS_END,
    KPI_M_FOLLOWERS_PREV_END,
    /* the lifetime of the period's new clients, each over its lag window after its first deal */
    KPI_M_LTV_CLIENTS,
    KPI_M_LTV_REVENUE,
    KPI_M_REPEAT_CLIENTS,
    KPI_MEASURE_COUNT
} kpi_measure;

/* A bit per measure, as returned by kpi_formula_measures. */
typedef uint64_t kpi_measure_mask;
#define KPI_MEASURE_BIT(m) ((kpi_measure_mask)1u << (m))

/* The canonical name ("valid_leads"); static storage; NULL for an out-of-range value. */
const char *kpi_measure_name(kpi_measure m);

/*
 * Looks up a measure by the `len` bytes at `name` (not necessarily
 * NUL-terminated, so a parser can pass a slice). Exact, case-sensitive.
 */
bool kpi_measure_lookup(const char *name, size_t len, kpi_measure *out);

/*
 * Free counters: a workspace's own named counters beyond the measures above
 * (such as "calls"), read in formulas as `counter.<name>`. A name has 1 to
 * KPI_COUNTER_NAME_MAX bytes.
 */
#define KPI_COUNTER_NAME_MAX 64
#define KPI_MEASURE_SET_COUNTERS 8 /* free counters one measure set holds */

/*
 * The values of every measure for one (period, attribution, filter), each
 * present or null, and of the free counters asked for. A count with nothing
 * under it is 0 (present); a median over an empty set is null. Plain value
 * type: copy freely, no cleanup.
 */
typedef struct kpi_measure_set {
    kpi_measure_mask present;
    double value[KPI_MEASURE_COUNT];
    uint8_t n_counters;
    struct {
        char name[KPI_COUNTER_NAME_MAX + 1];
        double value;
    } counter[KPI_MEASURE_SET_COUNTERS];
} kpi_measure_set;

/* Every measure null. */
void kpi_measures_init(kpi_measure_set *set);

/* Sets a measure present with `value` (a non-finite value makes it null instead). */
void kpi_measures_set(kpi_measure_set *set, kpi_measure m, double value);

/* Sets a measure null. */
void kpi_measures_clear(kpi_measure_set *set, kpi_measure m);

/* The measure's value, or an absent kpi_opt when null. */
kpi_opt kpi_measures_get(const kpi_measure_set *set, kpi_measure m);

/* Sets free counter `name` (NUL-terminated) to `value`, adding it when new. False, changing
 * nothing, for a name of 0 or more than KPI_COUNTER_NAME_MAX bytes, a non-finite value, or a
 * new name when the set holds KPI_MEASURE_SET_COUNTERS already. */
bool kpi_measures_set_counter(kpi_measure_set *set, const char *name, double value);

/* The free counter's value; 0 when the set does not hold it (nothing was counted). */
double kpi_measures_counter(const kpi_measure_set *set, const char *name);

#ifdef __cplusplus
}
#endif

#endif
