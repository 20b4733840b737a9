/* Pilot periods: the statements of src/kpid/store/sql/pilot_period_*.sql with named
 * parameters. */
#include "kpid/store/pilot_period.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(pilot_period_set, "pilot_period_set");
KPID_DB_STMT(pilot_period_delete, "pilot_period_delete");
KPID_DB_STMT(pilot_period_get, "pilot_period_get");

kpid_result *kpid_store_pilot_period_set(struct kpid_db *db, const char *workspace_id,
                                         const char *period_id, const char *reason,
                                         enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_id, reason};
    return kpid_db_exec(db, &pilot_period_set, 3, params, status);
}

enum kpid_db_status kpid_store_pilot_period_delete(struct kpid_db *db, const char *workspace_id,
                                                   const char *period_id, bool *found)
{
    const char *params[] = {workspace_id, period_id};
    return kpid_store_exec_found(db, &pilot_period_delete, 2, params, found);
}

kpid_result *kpid_store_pilot_period_get(struct kpid_db *db, const char *workspace_id,
                                         const char *period_id, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_id};
    return kpid_db_exec(db, &pilot_period_get, 2, params, status);
}
