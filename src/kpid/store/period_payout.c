/* Frozen payout statements: the statements of src/kpid/store/sql/period_payout_*.sql with
 * named parameters. */
#include "kpid/store/period_payout.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(period_payout_delete, "period_payout_delete");
KPID_DB_STMT(period_payout_insert, "period_payout_insert");
KPID_DB_STMT(period_payout_list, "period_payout_list");
KPID_DB_STMT(period_payout_closed_find, "period_payout_closed_find");

enum kpid_db_status kpid_store_period_payout_delete(struct kpid_db *db, const char *workspace_id,
                                                    const char *period_id)
{
    const char *params[] = {workspace_id, period_id};
    return kpid_store_exec_status(db, &period_payout_delete, 2, params);
}

enum kpid_db_status kpid_store_period_payout_insert(struct kpid_db *db, const char *workspace_id,
                                                    const char *period_id, const char *person,
                                                    const char *statement)
{
    const char *params[] = {workspace_id, period_id, person, statement};
    return kpid_store_exec_status(db, &period_payout_insert, 4, params);
}

kpid_result *kpid_store_period_payout_list(struct kpid_db *db, const char *workspace_id,
                                           const char *period_id, const char *person,
                                           enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, period_id, person};
    return kpid_db_exec(db, &period_payout_list, 3, params, status);
}

kpid_result *kpid_store_period_payout_closed_find(struct kpid_db *db, const char *workspace_id,
                                                  const char *person, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, person};
    return kpid_db_exec(db, &period_payout_closed_find, 2, params, status);
}
