/* Stored results of open periods: the statements of src/kpid/store/sql/period_result_*.sql
 * with named parameters. */
#include "kpid/store/period_result.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(period_result_get, "period_result_get");
KPID_DB_STMT(period_result_register, "period_result_register");
KPID_DB_STMT(period_result_stale_list, "period_result_stale_list");
KPID_DB_STMT(period_result_store, "period_result_store");
KPID_DB_STMT(period_result_delete, "period_result_delete");

kpid_result *kpid_store_period_result_get(struct kpid_db *db, const char *workspace_id,
                                          const char *period_id, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_id};
    return kpid_db_exec(db, &period_result_get, 2, params, status);
}

enum kpid_db_status kpid_store_period_result_register(struct kpid_db *db, const char *workspace_id,
                                                      const char *period_id)
{
    const char *params[] = {workspace_id, period_id};
    return kpid_store_exec_status(db, &period_result_register, 2, params);
}

kpid_result *kpid_store_period_result_stale_list(struct kpid_db *db, const char *limit,
                                                 enum kpid_db_status *status)
{
    const char *params[] = {limit};
    return kpid_db_exec(db, &period_result_stale_list, 1, params, status);
}

enum kpid_db_status kpid_store_period_result_store(struct kpid_db *db, const char *workspace_id,
                                                   const char *period_id, const char *as_of,
                                                   const char *results, const char *scorecards)
{
    const char *params[] = {workspace_id, period_id, as_of, results, scorecards};
    return kpid_store_exec_status(db, &period_result_store, 5, params);
}

enum kpid_db_status kpid_store_period_result_delete(struct kpid_db *db, const char *workspace_id,
                                                    const char *period_id)
{
    const char *params[] = {workspace_id, period_id};
    return kpid_store_exec_status(db, &period_result_delete, 2, params);
}
