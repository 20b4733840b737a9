/* Reads workspace_settings, falling back to the column defaults of migration 0003. */
#include "kpid/ingest/settings.h"

#include "kpid/json/json_out.h"
#include "kpid/store/ingest_settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The defaults of migrations/0003_ingest.sql, for a workspace without a settings row. */
static const char default_calendar[] =
    "{\"week\":{\"mon\":[[\"09:00\",\"18:00\"]],\"tue\":[[\"09:00\",\"18:00\"]],"
    "\"wed\":[[\"09:00\",\"18:00\"]],\"thu\":[[\"09:00\",\"18:00\"]],"
    "\"fri\":[[\"09:00\",\"18:00\"]],\"sat\":[],\"sun\":[]},\"holidays\":[],"
    "\"extra_workdays\":[]}";

enum kpid_db_status kpid_settings_load(struct kpid_db *db, const char *workspace_id,
                                       struct kpid_settings *out)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_settings_get(db, workspace_id, &st);
    if (res == NULL)
        return st;
    st = kpid_settings_from_result(res, out);
    kpid_result_free(res);
    return st;
}

static void set_defaults(struct kpid_settings *out)
{
    strcpy(out->timezone, "UTC");
    strcpy(out->currency, "RUB");
    out->calendar = json_loads(default_calendar, 0, NULL);
    out->workday_minutes = 480;
    out->target_regions = json_array();
    out->target_regions_sql = strdup("{}");
    out->dedupe_window_days = 30;
}

/* Copies column `column` of row 0 into a buffer of `size` bytes. */
static void copy(const kpid_result *res, const char *column, char *out, size_t size)
{
    const char *v = kpid_result_text(res, 0, column);
    snprintf(out, size, "%s", v ? v : "");
}

static void set_stored(const kpid_result *res, struct kpid_settings *out)
{
    copy(res, "timezone", out->timezone, sizeof out->timezone);
    copy(res, "currency", out->currency, sizeof out->currency);
    copy(res, "updated_at", out->updated_at, sizeof out->updated_at);
    out->calendar = kpid_json_parse(kpid_result_text(res, 0, "calendar"));
    out->workday_minutes = atoi(kpid_result_text(res, 0, "workday_minutes"));
    const char *regions = kpid_result_text(res, 0, "target_regions_sql");
    out->target_regions_sql = regions ? strdup(regions) : NULL;
    out->target_regions = kpid_json_parse(kpid_result_text(res, 0, "target_regions"));
    out->dedupe_window_days = atoi(kpid_result_text(res, 0, "dedupe_window_days"));
}

enum kpid_db_status kpid_settings_from_result(const kpid_result *res, struct kpid_settings *out)
{
    memset(out, 0, sizeof *out);
    if (kpid_result_rows(res) < 1 || kpid_result_text(res, 0, "timezone") == NULL)
        set_defaults(out);
    else
        set_stored(res, out);
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
