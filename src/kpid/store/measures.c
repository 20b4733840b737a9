/* Measure computations: the statements of src/kpid/store/sql/measures_*.sql with named
 * parameters. */
#include "kpid/store/measures.h"

#include "kpid/store/plan_cache.h"

/* event: the lead set, each funnel step by its own date, won deals by close, spend, NPS */
KPID_DB_STMT(measures_event_select, "measures_event_select");

/* cohort: the lead set with its funnel steps by the horizon, the won deals of its leads by
 * the horizon, spend, NPS */
KPID_DB_STMT(measures_cohort_select, "measures_cohort_select");

/* lifetime: the period's new clients and their won deals over the lag after the first */
KPID_DB_STMT(measures_lifetime_select, "measures_lifetime_select");

/* rollups: the additive measures of either attribution from rollup_days and the unmerged
 * deltas */
KPID_DB_STMT(measures_rollup_select, "measures_rollup_select");

/* channel records alone: spend, the platforms' counters, followers, free counters */
KPID_DB_STMT(measures_channel_select, "measures_channel_select");

kpid_result *kpid_store_measures_event_select(struct kpid_db *db, const char *workspace_id,
                                              const struct kpid_store_measures_query *q,
                                              enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, q->starts_at, q->ends_at,  q->start_dates,
                            q->end_dates, q->as_of,     q->channels, q->by,
                            q->parts,     q->campaign,  q->utm_source, q->counters};
    return kpid_db_exec(db, &measures_event_select, 12, params, status);
}

kpid_result *kpid_store_measures_cohort_select(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_store_measures_query *q,
                                               const char *lag_days, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, q->starts_at, q->ends_at,  q->start_dates,
                            q->end_dates, q->as_of,     q->channels, q->by,
                            q->parts,     lag_days,     q->campaign, q->utm_source,
                            q->counters};
    return kpid_db_exec(db, &measures_cohort_select, 13, params, status);
}

kpid_result *kpid_store_measures_lifetime_select(struct kpid_db *db, const char *workspace_id,
                                                 const struct kpid_store_measures_query *q,
                                                 const char *lag_days, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, q->starts_at, q->ends_at,  q->as_of,     q->channels,
                            q->by,        lag_days,     q->campaign, q->utm_source};
    return kpid_db_exec(db, &measures_lifetime_select, 9, params, status);
}

/* Planned once per connection (a generic plan): a custom plan would cost more to make than
 * the statement takes to run (about 1 ms against 1-3 ms over a year of rollups), and its
 * plan does not depend on the values. The results transaction plans every other statement
 * for its values (store/results_session.c), so the mode is set around it, in one round trip. */
kpid_result *kpid_store_measures_rollup_select(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_store_measures_query *q,
                                               const char *lag_days, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, q->starts_at, q->ends_at,    q->start_dates,
                            q->end_dates, q->as_of,     q->channels,   q->by,
                            q->parts,     q->campaign,  q->utm_source, lag_days};
    return kpid_plan_cache_exec_generic(db, &measures_rollup_select, 12, params,
                                        &kpid_plan_cache_custom, status);
}

kpid_result *kpid_store_measures_channel_select(struct kpid_db *db, const char *workspace_id,
                                                const struct kpid_store_measures_query *q,
                                                enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, q->start_dates, q->end_dates, q->as_of,   q->channels,
                            q->by,        q->parts,       q->campaign,  q->counters};
    return kpid_db_exec(db, &measures_channel_select, 9, params, status);
}
