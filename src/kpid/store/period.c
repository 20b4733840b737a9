/* Periods: the statements of src/kpid/store/sql/period_*.sql with named parameters. */
#include "kpid/store/period.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(period_upsert, "period_upsert");
KPID_DB_STMT(period_get, "period_get");
KPID_DB_STMT(period_list, "period_list");
KPID_DB_STMT(period_frame_list, "period_frame_list");
KPID_DB_STMT(period_mark_closed, "period_mark_closed");
KPID_DB_STMT(period_mark_open, "period_mark_open");
KPID_DB_STMT(period_event_insert_close, "period_event_insert_close");
KPID_DB_STMT(period_event_insert_reopen, "period_event_insert_reopen");

kpid_result *kpid_store_period_upsert(struct kpid_db *db, const char *workspace_id, const char *id,
                                      const char *kind, const char *start_date,
                                      const char *end_date, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, id, kind, start_date, end_date};
    return kpid_db_exec(db, &period_upsert, 5, params, status);
}

kpid_result *kpid_store_period_get(struct kpid_db *db, const char *workspace_id, const char *id,
                                   enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, id};
    return kpid_db_exec(db, &period_get, 2, params, status);
}

kpid_result *kpid_store_period_list(struct kpid_db *db, const char *workspace_id, const char *kind,
                                    const char *after_start, const char *after_id,
                                    const char *limit, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, kind, after_start, after_id, limit};
    return kpid_db_exec(db, &period_list, 5, params, status);
}

kpid_result *kpid_store_period_frame_list(struct kpid_db *db, const char *workspace_id,
                                          const char *ids, const char *start_dates,
                                          const char *end_dates, const char *as_of,
                                          enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, ids, start_dates, end_dates, as_of};
    return kpid_db_exec(db, &period_frame_list, 5, params, status);
}

enum kpid_db_status kpid_store_period_mark_closed(struct kpid_db *db, const char *workspace_id,
                                                  const char *id, const char *closed_by)
{
    const char *params[] = {workspace_id, id, closed_by};
    return kpid_store_exec_status(db, &period_mark_closed, 3, params);
}

enum kpid_db_status kpid_store_period_mark_open(struct kpid_db *db, const char *workspace_id,
                                                const char *id, bool *reopened)
{
    const char *params[] = {workspace_id, id};
    return kpid_store_exec_found(db, &period_mark_open, 2, params, reopened);
}

enum kpid_db_status kpid_store_period_event_insert_close(struct kpid_db *db,
                                                         const char *workspace_id, const char *id,
                                                         bool forced, const char *key_id)
{
    const char *params[] = {workspace_id, id, forced ? "t" : "f", key_id};
    return kpid_store_exec_status(db, &period_event_insert_close, 4, params);
}

enum kpid_db_status kpid_store_period_event_insert_reopen(struct kpid_db *db,
                                                          const char *workspace_id, const char *id,
                                                          const char *key_id)
{
    const char *params[] = {workspace_id, id, key_id};
    return kpid_store_exec_status(db, &period_event_insert_reopen, 3, params);
}
