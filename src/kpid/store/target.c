/* Targets: the statements of src/kpid/store/sql/target_*.sql with named parameters. */
#include "kpid/store/target.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(target_list, "target_list");
KPID_DB_STMT(target_upsert, "target_upsert");
KPID_DB_STMT(target_grid_select, "target_grid_select");

kpid_result *kpid_store_target_list(struct kpid_db *db, const char *workspace_id,
                                    const char *period_id, const char *kind,
                                    enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_id, kind};
    return kpid_db_exec(db, &target_list, 3, params, status);
}

enum kpid_db_status kpid_store_target_upsert(struct kpid_db *db, const char *workspace_id,
                                             const char *period_id, const char *kpi_code,
                                             const char *base, const char *plan,
                                             const char *stretch, bool *created)
{
    const char *params[] = {workspace_id, period_id, kpi_code, base, plan, stretch};
    return kpid_store_exec_flag(db, &target_upsert, 6, params, "created", created);
}

kpid_result *kpid_store_target_grid_select(struct kpid_db *db, const char *workspace_id,
                                           const char *period_ids, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_ids};
    return kpid_db_exec(db, &target_grid_select, 2, params, status);
}
