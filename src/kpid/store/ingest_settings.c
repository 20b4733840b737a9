/* Workspace settings: the statement settings_get with named parameters. */
#include "kpid/store/ingest_settings.h"

KPID_DB_STMT(settings_get, "settings_get");

kpid_result *kpid_store_settings_get(struct kpid_db *db, const char *workspace_id,
                                     enum kpid_db_status *status)
{
    const char *params[] = {workspace_id};
    return kpid_db_exec(db, &settings_get, 1, params, status);
}
