/* A workspace's settings as the write paths and GET/PUT /v1/settings use them. */
#ifndef KPID_INGEST_SETTINGS_H
#define KPID_INGEST_SETTINGS_H

#include "kpid/store/db.h"

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

/* The settings as columns of a workspace_settings row `s` that may be missing (a LEFT JOIN:
 * all NULL means the defaults), for a statement that reads them along with its own work. */
#define KPID_SETTINGS_COLUMNS                                                                      \
    "s.timezone, s.currency, s.calendar, s.workday_minutes, s.target_regions::text,"               \
    " array_to_json(s.target_regions), s.dedupe_window_days, s.updated_at"

/* Fills *out from the KPID_SETTINGS_COLUMNS starting at column `col` of row `row`. */
enum kpid_db_status kpid_settings_from_row(const PGresult *res, int row, int col,
                                           struct kpid_settings *out);

/* The representation GET /v1/settings answers with (new reference). */
json_t *kpid_settings_json(const struct kpid_settings *s);

void kpid_settings_clear(struct kpid_settings *s);

#endif
