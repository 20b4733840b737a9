/* Workspace limits and counts: the statements of src/kpid/store/sql with named parameters. */
#include "kpid/store/workspace_limits.h"

#include "kpid/store/stmt_run.h"

#include <libpq-fe.h>
#include <stdlib.h>

KPID_DB_STMT(workspace_limits_update, "workspace_limits_update");
KPID_DB_STMT(workspace_limits_get, "workspace_limits_get");
KPID_DB_STMT(workspace_limit_lock_kind, "workspace_limit_lock_kind");
KPID_DB_STMT(kpi_count, "kpi_count");
KPID_DB_STMT(scorecard_count, "scorecard_count");
KPID_DB_STMT(source_count, "source_count");

enum kpid_db_status kpid_store_workspace_limits_update(struct kpid_db *db, const char *name,
                                                       const char *changes)
{
    const char *params[] = {name, changes};
    return kpid_store_exec_status(db, &workspace_limits_update, 2, params);
}

kpid_result *kpid_store_workspace_limits_get(struct kpid_db *db, const char *name,
                                             enum kpid_db_status *status)
{
    const char *params[] = {name};
    return kpid_db_exec(db, &workspace_limits_get, 1, params, status);
}

static const struct {
    const char *lock_name; /* the advisory lock's first key */
    struct kpid_db_stmt *count;
} counted[] = {
    [KPID_STORE_KPIS] = {"kpis", &kpi_count},
    [KPID_STORE_SCORECARDS] = {"scorecards", &scorecard_count},
    [KPID_STORE_SOURCES] = {"sources", &source_count},
};

enum kpid_db_status kpid_store_count_for_create(struct kpid_db *db, const char *workspace_id,
                                                enum kpid_store_counted what, const char *key,
                                                long *existing, bool *key_exists)
{
    const char *params[] = {workspace_id, counted[what].lock_name};
    enum kpid_db_status st = kpid_store_exec_status(db, &workspace_limit_lock_kind, 2, params);
    if (st != KPID_DB_OK)
        return st;
    params[1] = key;
    PGresult *res;
    if ((res = kpid_db_exec(db, counted[what].count, 2, params, &st)) == NULL)
        return st;
    *existing = strtol(kpid_result_text(res, 0, "existing"), NULL, 10);
    *key_exists = kpid_result_bool(res, 0, "key_exists");
    PQclear(res);
    return KPID_DB_OK;
}
