/* A workspace's settings row as the write paths read it (src/kpid/store/sql/settings_get.sql). */
#ifndef KPID_STORE_INGEST_SETTINGS_H
#define KPID_STORE_INGEST_SETTINGS_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/* One row: timezone, currency, calendar, workday_minutes, target_regions_sql (text[]),
 * target_regions (JSON), dedupe_window_days, updated_at; all NULL when the workspace has
 * never set any. */
kpid_result *kpid_store_settings_get(struct kpid_db *db, const char *workspace_id,
                                     enum kpid_db_status *status);

#endif
