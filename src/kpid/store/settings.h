/* Workspace settings in the database: the statement of src/kpid/store/sql/settings_upsert.sql. */
#ifndef KPID_STORE_SETTINGS_H
#define KPID_STORE_SETTINGS_H

#include "kpid/store/db.h"

/* A workspace's settings as stored, every member given (texts already validated). */
struct kpid_settings_values {
    const char *timezone; /* an IANA name */
    const char *currency; /* ISO 4217 */
    const char *calendar; /* JSON text */
    const char *workday_minutes;
    const char *target_regions; /* a text[] literal */
    const char *dedupe_window_days;
};

/* Stores the workspace's settings; updated_at changes only when a value does. */
enum kpid_db_status kpid_store_settings_upsert(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_settings_values *values);

#endif
