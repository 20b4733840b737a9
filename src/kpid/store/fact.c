/* Manual facts: the statements of src/kpid/store/sql/fact_*.sql with named parameters. */
#include "kpid/store/fact.h"

KPID_DB_STMT(fact_list, "fact_list");
KPID_DB_STMT(fact_upsert, "fact_upsert");
KPID_DB_STMT(fact_grid_select, "fact_grid_select");

kpid_result *kpid_store_fact_list(struct kpid_db *db, const char *workspace_id,
                                  const char *period_id, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_id};
    return kpid_db_exec(db, &fact_list, 2, params, status);
}

kpid_result *kpid_store_fact_upsert(struct kpid_db *db, const char *workspace_id,
                                    const char *period_id, const char *kpi_code, const char *value,
                                    enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_id, kpi_code, value};
    return kpid_db_exec(db, &fact_upsert, 4, params, status);
}

kpid_result *kpid_store_fact_grid_select(struct kpid_db *db, const char *workspace_id,
                                         const char *period_ids, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_ids};
    return kpid_db_exec(db, &fact_grid_select, 2, params, status);
}
