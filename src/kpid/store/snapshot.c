/* Period snapshots: the statements of src/kpid/store/sql/snapshot_*.sql with named
 * parameters. */
#include "kpid/store/snapshot.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(snapshot_get, "snapshot_get");
KPID_DB_STMT(snapshot_upsert, "snapshot_upsert");

kpid_result *kpid_store_snapshot_get(struct kpid_db *db, const char *workspace_id,
                                     const char *period_id, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_id};
    return kpid_db_exec(db, &snapshot_get, 2, params, status);
}

enum kpid_db_status kpid_store_snapshot_upsert(struct kpid_db *db, const char *workspace_id,
                                               const char *period_id, const char *as_of,
                                               const char *results, const char *scorecards)
{
    const char *params[] = {workspace_id, period_id, as_of, results, scorecards};
    return kpid_store_exec_status(db, &snapshot_upsert, 5, params);
}
