/* Reads workspace_settings, falling back to the column defaults of migration 0003. */
#include "kpid/ingest/settings.h"

#include "kpid/json/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The defaults of migrations/0003_ingest.sql, for a workspace without a settings row. */
static const char default_calendar[] =
    "{\"week\":{\"mon\":[[\"09:00\",\"18:00\"]],\"tue\":[[\"09:00\",\"18:00\"]],"
    "\"wed\":[[\"09:00\",\"18:00\"]],\"thu\":[[\"09:00\",\"18:00\"]],"
    "\"fri\":[[\"09:00\",\"18:00\"]],\"sat\":[],\"sun\":[]},\"holidays\":[],"
    "\"extra_workdays\":[]}";

KPID_DB_STMT(load_settings, "settings_get");

enum kpid_db_status kpid_settings_load(struct kpid_db *db, const char *workspace_id,
                                       struct kpid_settings *out)
{
    const char *params[] = {workspace_id};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &load_settings, 1, params, &st);
    if (res == NULL)
        return st;
    st = kpid_settings_from_row(res, 0, 0, out);
    PQclear(res);
    return st;
}

enum kpid_db_status kpid_settings_from_row(const PGresult *res, int row, int col,
                                           struct kpid_settings *out)
{
    memset(out, 0, sizeof *out);
    if (PQgetisnull(res, row, col)) {
        strcpy(out->timezone, "UTC");
        strcpy(out->currency, "RUB");
        out->calendar = json_loads(default_calendar, 0, NULL);
        out->workday_minutes = 480;
        out->target_regions = json_array();
        out->target_regions_sql = strdup("{}");
        out->dedupe_window_days = 30;
    } else {
        snprintf(out->timezone, sizeof out->timezone, "%s", PQgetvalue(res, row, col));
        snprintf(out->currency, sizeof out->currency, "%s", PQgetvalue(res, row, col + 1));
        out->calendar = kpid_json_parse(PQgetvalue(res, row, col + 2));
        out->workday_minutes = atoi(PQgetvalue(res, row, col + 3));
        out->target_regions_sql = strdup(PQgetvalue(res, row, col + 4));
        out->target_regions = kpid_json_parse(PQgetvalue(res, row, col + 5));
        out->dedupe_window_days = atoi(PQgetvalue(res, row, col + 6));
        snprintf(out->updated_at, sizeof out->updated_at, "%s", PQgetvalue(res, row, col + 7));
    }
    if (out->calendar == NULL || out->target_regions == NULL || out->target_regions_sql == NULL) {
        kpid_settings_clear(out);
        return KPID_DB_ERROR;
    }
    return KPID_DB_OK;
}

json_t *kpid_settings_json(const struct kpid_settings *s)
{
    return json_pack("{s:s,s:s,s:O,s:i,s:O,s:i,s:o}", "timezone", s->timezone, "currency",
                     s->currency, "calendar", s->calendar, "workday_minutes", s->workday_minutes,
                     "target_regions", s->target_regions, "dedupe_window_days",
                     s->dedupe_window_days, "updated_at",
                     kpid_json_timestamp(s->updated_at[0] ? s->updated_at : NULL));
}

void kpid_settings_clear(struct kpid_settings *s)
{
    json_decref(s->calendar);
    json_decref(s->target_regions);
    free(s->target_regions_sql);
    memset(s, 0, sizeof *s);
}
