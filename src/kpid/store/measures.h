/* Measure computations in the database: one function per statement of
 * src/kpid/store/sql/measures_*.sql. */
#ifndef KPID_STORE_MEASURES_H
#define KPID_STORE_MEASURES_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/*
 * What both statements take, every member text: the periods as four parallel array literals
 * (start and end instants, timestamptz[]; local start and end dates, date[]), the moment
 * as_of, the channel filter (a text[] literal, NULL = every channel), by (the grouping:
 * "channel", "campaign", "utm_source" or NULL), parts (a text[] literal of the parts to
 * compute), the campaign and utm_source filters (NULL = every one) and counters (a text[]
 * literal of the free counters to sum, NULL = none).
 */
struct kpid_store_measures_query {
    const char *starts_at, *ends_at, *start_dates, *end_dates;
    const char *as_of;
    const char *channels;
    const char *by;
    const char *parts;
    const char *campaign, *utm_source;
    const char *counters;
};

/*
 * The measures by event attribution. One row per (period, group, measure): ord (the
 * period's position, from 1), ch (the group's key when grouped, else NULL), name (a libkpi
 * measure name, or "counter.<name>" for a free counter) and value (NULL for a median of
 * nothing).
 */
kpid_result *kpid_store_measures_event_select(struct kpid_db *db, const char *workspace_id,
                                              const struct kpid_store_measures_query *q,
                                              enum kpid_db_status *status);

/* The same by cohort attribution, the horizon lag_days local days after each period's end. */
kpid_result *kpid_store_measures_cohort_select(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_store_measures_query *q,
                                               const char *lag_days, enum kpid_db_status *status);

/*
 * The lifetime measures (ltv_clients, ltv_revenue, repeat_clients) of each period's new
 * clients, each over lag_days after its first deal; rows as above. Reads the instants, as_of,
 * the filters and the grouping of q.
 */
kpid_result *kpid_store_measures_lifetime_select(struct kpid_db *db, const char *workspace_id,
                                                 const struct kpid_store_measures_query *q,
                                                 const char *lag_days, enum kpid_db_status *status);

/*
 * The measures the rollups serve (src/kpid/store/sql/measures_rollup_select.sql: the counts
 * and the reaction of the lead set, the funnel steps, won deals, revenue, margin, new clients,
 * NPS) by event attribution (lag_days NULL) or by cohort, rows as above for the parts named;
 * or one row named "inexact" when the rollups cannot answer exactly (the direct statement
 * must). Reads every member of q but counters.
 */
kpid_result *kpid_store_measures_rollup_select(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_store_measures_query *q,
                                               const char *lag_days, enum kpid_db_status *status);

/* The measures of channel records alone (parts spend, channel_stats, followers, and the free
 * counters), the same rows either attribution's statement gives for them. */
kpid_result *kpid_store_measures_channel_select(struct kpid_db *db, const char *workspace_id,
                                                const struct kpid_store_measures_query *q,
                                                enum kpid_db_status *status);

#endif
