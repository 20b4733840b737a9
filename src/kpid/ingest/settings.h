/* A workspace's settings as the write paths and GET/PUT /v1/settings use them. */
#ifndef KPID_INGEST_SETTINGS_H
#define KPID_INGEST_SETTINGS_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <jansson.h>

struct kpid_settings {
    char timezone[64];
    char currency[4];
    json_t *calendar; /* owned: the calendar JSON as stored */
    int workday_minutes;
    json_t *target_regions;   /* owned: array of strings */
    char *target_regions_sql; /* owned: the same as a text[] literal, for parameters */
    int dedupe_window_days;
    char updated_at[48]; /* PostgreSQL text; empty while the workspace uses the defaults */
};

/* Loads the workspace's settings, or the defaults when it has never set any. */
enum kpid_db_status kpid_settings_load(struct kpid_db *db, const char *workspace_id,
                                       struct kpid_settings *out);

/* Fills *out from row 0 of a result with the settings_get columns (all NULL: the defaults),
 * for a statement that reads them along with its own work. */
enum kpid_db_status kpid_settings_from_result(const kpid_result *res, struct kpid_settings *out);

/* The representation GET /v1/settings answers with (new reference). */
json_t *kpid_settings_json(const struct kpid_settings *s);

void kpid_settings_clear(struct kpid_settings *s);

#endif
