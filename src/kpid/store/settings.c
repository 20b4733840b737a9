/* Workspace settings: src/kpid/store/sql/settings_upsert.sql with named parameters. */
#include "kpid/store/settings.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(settings_upsert, "settings_upsert");

enum kpid_db_status kpid_store_settings_upsert(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_settings_values *v)
{
    const char *params[] = {workspace_id,         v->timezone,        v->currency,
                            v->calendar,          v->workday_minutes, v->target_regions,
                            v->dedupe_window_days};
    return kpid_store_exec_status(db, &settings_upsert, 7, params);
}
