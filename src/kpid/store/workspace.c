/* Workspaces: src/kpid/store/sql/workspace_upsert.sql with a named parameter and a typed result. */
#include "kpid/store/workspace.h"

#include "kpid/store/result.h"

#include <stdio.h>

KPID_DB_STMT(workspace_upsert, "workspace_upsert");

enum kpid_db_status kpid_store_workspace_upsert(struct kpid_db *db, const char *name, char id[37])
{
    const char *params[] = {name};
    enum kpid_db_status st;
    kpid_result *res = kpid_db_exec(db, &workspace_upsert, 1, params, &st);
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) < 1) {
        kpid_result_free(res);
        return KPID_DB_RETRY; /* created and removed concurrently: try again */
    }
    snprintf(id, 37, "%s", kpid_result_text(res, 0, "id"));
    kpid_result_free(res);
    return KPID_DB_OK;
}
