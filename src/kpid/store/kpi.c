/* KPI definitions: the statements of src/kpid/store/sql/kpi_*.sql with named parameters. */
#include "kpid/store/kpi.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(kpi_list, "kpi_list");
KPID_DB_STMT(kpi_get, "kpi_get");
KPID_DB_STMT(kpi_save, "kpi_save");
KPID_DB_STMT(kpi_delete, "kpi_delete");
KPID_DB_STMT(kpi_scorecard_list, "kpi_scorecard_list");
KPID_DB_STMT(kpi_lock_share, "kpi_lock_share");
KPID_DB_STMT(kpi_lock_update, "kpi_lock_update");

kpid_result *kpid_store_kpi_list(struct kpid_db *db, const char *workspace_id,
                                 const char *granularity, const char *owner, const char *after_code,
                                 const char *limit, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, granularity, owner, after_code, limit};
    return kpid_db_exec(db, &kpi_list, 5, params, status);
}

kpid_result *kpid_store_kpi_get(struct kpid_db *db, const char *workspace_id, const char *code,
                                enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, code};
    return kpid_db_exec(db, &kpi_get, 2, params, status);
}

enum kpid_db_status kpid_store_kpi_save(struct kpid_db *db, const char *workspace_id,
                                        const struct kpid_store_kpi *k, bool replace, bool *created)
{
    const char *params[] = {workspace_id,       k->code,           k->name,
                            k->owner,           k->level,          k->metric,
                            k->formula,         k->manual,         k->unit,
                            k->direction,       k->granularity,    k->attribution,
                            k->lag_days,        k->channels,       k->target_base,
                            k->target_plan,     k->target_stretch, k->description,
                            replace ? "t" : "f"};
    return kpid_store_exec_flag(db, &kpi_save, 19, params, "created", created);
}

enum kpid_db_status kpid_store_kpi_delete(struct kpid_db *db, const char *workspace_id,
                                          const char *code, bool *found)
{
    const char *params[] = {workspace_id, code};
    return kpid_store_exec_found(db, &kpi_delete, 2, params, found);
}

kpid_result *kpid_store_kpi_scorecard_list(struct kpid_db *db, const char *workspace_id,
                                           const char *code, const char *unless_granularity,
                                           enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, code, unless_granularity};
    return kpid_db_exec(db, &kpi_scorecard_list, 3, params, status);
}

enum kpid_db_status kpid_store_kpi_lock_share(struct kpid_db *db, const char *workspace_id,
                                              const char *codes_json)
{
    const char *params[] = {workspace_id, codes_json};
    return kpid_store_exec_status(db, &kpi_lock_share, 2, params);
}

enum kpid_db_status kpid_store_kpi_lock_update(struct kpid_db *db, const char *workspace_id,
                                               const char *codes_json)
{
    const char *params[] = {workspace_id, codes_json};
    return kpid_store_exec_status(db, &kpi_lock_update, 2, params);
}
