/* Measure computations in the database: one function per statement of
 * src/kpid/store/sql/measures_*.sql. */
#ifndef KPID_STORE_MEASURES_H
#define KPID_STORE_MEASURES_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/*
 * What both statements take, every member text: the periods as four parallel array literals
 * (start and end instants, timestamptz[]; local start and end dates, date[]), the moment
 * as_of, the channel filter (a text[] literal, NULL = every channel), by_channel ("t"/"f")
 * and parts (a text[] literal of the parts to compute).
 */
struct kpid_store_measures_query {
    const char *starts_at, *ends_at, *start_dates, *end_dates;
    const char *as_of;
    const char *channels;
    const char *by_channel;
    const char *parts;
};

/*
 * The measures by event attribution. One row per (period, channel, measure): ord (the
 * period's position, from 1), ch (the channel when by channel, else NULL), name (a libkpi
 * measure name) and value (NULL for a median of nothing).
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
 * the channel filter and by_channel of q.
 */
kpid_result *kpid_store_measures_lifetime_select(struct kpid_db *db, const char *workspace_id,
                                                 const struct kpid_store_measures_query *q,
                                                 const char *lag_days, enum kpid_db_status *status);

#endif
