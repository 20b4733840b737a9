/* The measures of docs/kpi-semantics.md section 3, computed set-based in PostgreSQL for a list
 * of periods, one attribution, a lag and a channel filter, optionally per channel. */
#ifndef KPID_KPIS_MEASURES_H
#define KPID_KPIS_MEASURES_H

#include "kpi/date.h"
#include "kpi/measures.h"
#include "kpid/store/db.h"
#include "kpid/kpis/kpi_def.h"

#include <stdbool.h>
#include <stddef.h>

/* One period's bounds: the instants [starts_at, ends_at) and the local dates [start, end). */
struct kpid_span {
    char starts_at[40]; /* PostgreSQL timestamptz text */
    char ends_at[40];
    char start[KPI_DATE_TEXT_SIZE];
    char end[KPI_DATE_TEXT_SIZE];
};

/* How measure sets are grouped within a period: not at all, or by the leads' and deals'
 * channel, campaign or utm_source (spend by its channel and campaign; it has no utm_source). */
enum kpid_measure_by { KPID_BY_NONE = 0, KPID_BY_CHANNEL, KPID_BY_CAMPAIGN, KPID_BY_UTM_SOURCE };

/* The campaign and utm_source a computation is narrowed to (the lead's; a deal has its lead's):
 * NULL = every one. */
struct kpid_segment {
    const char *campaign;
    const char *utm_source;
};

/* What to compute: everything that changes the measure set apart from the period. */
struct kpid_measure_spec {
    enum kpid_attribution attribution;
    int lag_days;             /* cohort: horizon = min(as_of, end + lag_days local days); the
                                 lifetime measures' window after each first deal */
    const char *channels_sql; /* text[] literal of the channel filter; NULL = every channel */
    enum kpid_measure_by by;  /* one set per group instead of one per period */
    struct kpid_segment segment;
};

/* The measures of one period (and, grouped, one group). */
struct kpid_measure_group {
    size_t period; /* index into the spans */
    char *key;     /* grouped: the channel, campaign or utm_source; else NULL */
    kpi_measure_set set;
};

struct kpid_measures {
    struct kpid_measure_group *groups;
    size_t n;
    kpi_measure_mask unsplit; /* measures the segment cannot split: null in every set */
};

/*
 * Computes the measures of every span (at most KPID_MEASURE_SPANS_MAX) as of `as_of`
 * (timestamptz text) in one statement: every measure but those of channel records and the
 * lifetime ones, which only KPIs read (the funnel and channels views show none; a channel
 * with only channel records is no row there). A period or group with nothing in it gets no
 * group: kpid_measures_get answers the empty set for it. Free *out with kpid_measures_free.
 */
#define KPID_MEASURE_SPANS_MAX 120
enum kpid_db_status kpid_measures_compute(struct kpid_db *db, const char *workspace_id,
                                          const struct kpid_span *spans, size_t n_spans,
                                          const char *as_of, const struct kpid_measure_spec *spec,
                                          struct kpid_measures *out);

/* The same, computing only the measures in `needs` (a KPI formula's measures, say) and the
 * free counters named in `counters` (a text[] literal, NULL = none; at most
 * KPI_MEASURE_SET_COUNTERS): the other measures read 0 (counts, sums) or null (medians).
 * Cheaper when few parts are needed. In event attribution, the additive measures
 * (src/kpid/store/sql/measures_rollup_select.sql) come from the rollups when they can answer
 * exactly, the rest from the direct statement; the numbers are the same either way. */
enum kpid_db_status kpid_measures_compute_some(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_span *spans, size_t n_spans,
                                               const char *as_of,
                                               const struct kpid_measure_spec *spec,
                                               kpi_measure_mask needs, const char *counters,
                                               struct kpid_measures *out);

#define KPID_MEASURES_ALL ((KPI_MEASURE_BIT(KPI_MEASURE_COUNT - 1) << 1) - 1u)

/* The measures that are the same in both attributions and for every lag: the lead set, its
 * reaction, spend and NPS (docs/kpi-semantics.md section 2). */
#define KPID_MEASURES_SHARED                                                                       \
    (KPI_MEASURE_BIT(KPI_M_LEADS) | KPI_MEASURE_BIT(KPI_M_VALID_LEADS) |                           \
     KPI_MEASURE_BIT(KPI_M_SQL_LEADS) | KPI_MEASURE_BIT(KPI_M_BRAND_LEADS) |                       \
     KPI_MEASURE_BIT(KPI_M_REACTION_COUNT) | KPI_MEASURE_BIT(KPI_M_REACTION_MINUTES_SUM) |         \
     KPI_MEASURE_BIT(KPI_M_REACTION_MINUTES_MEDIAN) |                                              \
     KPI_MEASURE_BIT(KPI_M_PROCESSED_WITHIN_WORKDAY) | KPI_MEASURE_BIT(KPI_M_SPEND) |              \
     KPI_MEASURE_BIT(KPI_M_NPS_RESPONSES) | KPI_MEASURE_BIT(KPI_M_NPS_PROMOTERS) |                 \
     KPI_MEASURE_BIT(KPI_M_NPS_DETRACTORS) | KPID_MEASURES_CHANNEL_STATS)

/* The measures of channel records (docs/kpi-semantics.md section 8): every one of them. */
#define KPID_MEASURES_CHANNEL_STATS                                                                \
    (KPI_MEASURE_BIT(KPI_M_FOLLOWERS_PREV_END + 1) - KPI_MEASURE_BIT(KPI_M_IMPRESSIONS))

/* The lifetime measures of the period's new clients: they take the KPI's lag in either
 * attribution (docs/kpi-semantics.md, LTV and repeat rate). */
#define KPID_MEASURES_LIFETIME                                                                     \
    (KPI_MEASURE_BIT(KPI_M_LTV_CLIENTS) | KPI_MEASURE_BIT(KPI_M_LTV_REVENUE) |                     \
     KPI_MEASURE_BIT(KPI_M_REPEAT_CLIENTS))

void kpid_measures_free(struct kpid_measures *m);

/* The measures of nothing: every count and sum 0, every median and follower level null. */
void kpid_measures_empty(kpi_measure_set *set);

/* The set of (period, group key) (key NULL when not grouped); the empty set if none. */
void kpid_measures_get(const struct kpid_measures *m, size_t period, const char *key,
                       kpi_measure_set *out);

/* Copies the `which` measures (values and nulls) of `from` into `set`. */
void kpid_measures_take(kpi_measure_set *set, const kpi_measure_set *from, kpi_measure_mask which);

#endif
