/* GET and PUT /v1/settings: the workspace's time zone, currency, working calendar and lead
 * validity rules. A new calendar or time zone recomputes every stored reaction time. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/body_decode.h"
#include "kpid/json/fields.h"
#include "kpid/http/write.h"
#include "kpid/ingest/calendar_json.h"
#include "kpid/ingest/pg_array.h"
#include "kpid/ingest/reaction.h"
#include "kpid/ingest/settings.h"
#include "kpid/store/settings.h"
#include "kpid/store/time_zone.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kpid_outcome kpid_h_settings_get(struct kpid_request *req)
{
    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    struct kpid_settings s;
    enum kpid_db_status st = kpid_settings_load(db, req->auth.workspace_id, &s);
    if (st != KPID_DB_OK)
        return kpid_http_db_failed(req, st);
    json_t *body = kpid_settings_json(&s);
    kpid_settings_clear(&s);
    return kpid_http_reply_json(req, 200, body);
}

static const struct kpid_field settings_spec[] = {
    {.path = "timezone", .type = KPID_FIELD_STRING, .max_len = 64},
    {.path = "currency", .type = KPID_FIELD_STRING, .max_len = 3},
    {.path = "calendar", .type = KPID_FIELD_OBJECT},
    {.path = "workday_minutes", .type = KPID_FIELD_INTEGER, .min = 1, .max = 1440},
    {.path = "dedupe_window_days", .type = KPID_FIELD_INTEGER, .max = 3650},
    {.path = "updated_at", .type = KPID_FIELD_TIMESTAMP, .flags = KPID_FIELD_READONLY},
};
enum { S_TIMEZONE, S_CURRENCY, S_CALENDAR, S_WORKDAY, S_DEDUPE, N_SPEC };

/* What a PUT asks for: each member it sends (NULL/absent ones keep the stored value). */
struct settings_put {
    struct kpid_fields f;
    json_t *calendar;     /* normalised, or NULL */
    char *target_regions; /* text[] literal, or NULL */
};

static bool is_currency(const char *s)
{
    return strlen(s) == 3 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
           isupper((unsigned char)s[2]);
}

/* target_regions: a list of up to 1000 non-empty strings of at most 200 characters. */
static char *parse_regions(const json_t *list, json_t *errors)
{
    if (!json_is_array(list) || json_array_size(list) > 1000) {
        kpid_json_error_add(errors, "/target_regions", "must be a list of up to 1000 regions");
        return NULL;
    }
    struct kpid_pg_array regions = {0};
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r)
    {
        size_t len = json_string_length(r);
        if (!json_is_string(r) || len == 0 || len > 200) {
            kpid_json_error_add(errors, "/target_regions",
                                "item %zu: must be a string of 1 to "
                                "200 characters",
                                i);
            kpid_pg_array_free(&regions);
            return NULL;
        }
        kpid_pg_array_add(&regions, json_string_value(r));
    }
    const char *text = kpid_pg_array_text(&regions);
    char *copy = text ? strdup(text) : NULL;
    kpid_pg_array_free(&regions);
    return copy;
}

/* The calendar with the optional lists spelt out, after checking it builds. */
static json_t *parse_calendar(const json_t *cal, json_t *errors)
{
    kpi_calendar *built = kpid_calendar_from_json(cal, "/calendar", errors);
    if (built == NULL)
        return NULL;
    kpi_calendar_free(built);
    json_t *copy = json_deep_copy(cal);
    if (json_object_get(copy, "holidays") == NULL)
        json_object_set_new(copy, "holidays", json_array());
    if (json_object_get(copy, "extra_workdays") == NULL)
        json_object_set_new(copy, "extra_workdays", json_array());
    return copy;
}

/* Checks a PUT body into the settings_put ctx; returns how many errors it appended. */
static size_t parse_put(const json_t *body, void *ctx, json_t *errors)
{
    struct settings_put *p = ctx;
    json_t *scalars = json_copy((json_t *)(uintptr_t)body);
    json_object_del(scalars, "target_regions");
    kpid_fields_decode(settings_spec, N_SPEC, scalars, "", true, &p->f, errors);
    json_decref(scalars);
    const char *currency = p->f.text[S_CURRENCY];
    if (currency != NULL && !is_currency(currency))
        kpid_json_error_add(errors, "/currency", "must be an ISO 4217 code: 3 upper-case letters");
    const json_t *cal = json_object_get(body, "calendar");
    if (cal != NULL && json_is_object(cal))
        p->calendar = parse_calendar(cal, errors);
    const json_t *regions = json_object_get(body, "target_regions");
    if (regions != NULL)
        p->target_regions = parse_regions(regions, errors);
    return json_array_size(errors);
}

static enum kpid_db_status reject_zone(struct kpid_write_result *out)
{
    json_t *errors = json_array();
    kpid_json_error_add(errors, "/timezone", "is not an IANA time zone name PostgreSQL knows");
    out->problem = true;
    out->status = 422;
    out->body = kpid_problem_body(422, "validation", errors, "the settings are not valid");
    return KPID_DB_OK;
}

/* Stores the merged settings; the old ones are in *old. */
static enum kpid_db_status store(struct kpid_db *db, const char *ws, const struct settings_put *p,
                                 const struct kpid_settings *old)
{
    char workday[16], dedupe[16];
    snprintf(workday, sizeof workday, "%d", old->workday_minutes);
    snprintf(dedupe, sizeof dedupe, "%d", old->dedupe_window_days);
    char *calendar = json_dumps(p->calendar ? p->calendar : old->calendar, JSON_COMPACT);
    if (calendar == NULL)
        return KPID_DB_ERROR;
    const char *const *t = (const char *const *)p->f.text;
    const struct kpid_settings_values values = {
        .timezone = t[S_TIMEZONE] ? t[S_TIMEZONE] : old->timezone,
        .currency = t[S_CURRENCY] ? t[S_CURRENCY] : old->currency,
        .calendar = calendar,
        .workday_minutes = t[S_WORKDAY] ? t[S_WORKDAY] : workday,
        .target_regions = p->target_regions ? p->target_regions : old->target_regions_sql,
        .dedupe_window_days = t[S_DEDUPE] ? t[S_DEDUPE] : dedupe,
    };
    enum kpid_db_status st = kpid_store_settings_upsert(db, ws, &values);
    free(calendar);
    return st;
}

static enum kpid_db_status put_settings(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                        struct kpid_write_result *out)
{
    const struct settings_put *p = ctx;
    const char *ws = req->auth.workspace_id;
    enum kpid_db_status st;
    const char *zone = p->f.text[S_TIMEZONE];
    if (zone != NULL) {
        bool known;
        if ((st = kpid_store_time_zone_exists(db, zone, &known)) != KPID_DB_OK)
            return st;
        if (!known)
            return reject_zone(out);
    }
    struct kpid_settings old, now;
    if ((st = kpid_settings_load(db, ws, &old)) != KPID_DB_OK)
        return st;
    if ((st = store(db, ws, p, &old)) == KPID_DB_OK &&
        (st = kpid_settings_load(db, ws, &now)) == KPID_DB_OK) {
        bool working_time_changed =
            strcmp(old.timezone, now.timezone) != 0 || !json_equal(old.calendar, now.calendar);
        if (working_time_changed)
            st = kpid_reaction_update(db, ws, &now, NULL);
        out->status = 200;
        out->body = kpid_settings_json(&now);
        kpid_settings_clear(&now);
    }
    kpid_settings_clear(&old);
    return st;
}

enum kpid_outcome kpid_h_settings_put(struct kpid_request *req)
{
    struct settings_put p = {0};
    enum kpid_outcome rc = kpid_http_parse_body(req, parse_put, &p, "the settings are not valid");
    if (rc == KPID_OK)
        rc = kpid_http_write(req, put_settings, &p);
    kpid_fields_clear(&p.f);
    json_decref(p.calendar);
    free(p.target_regions);
    return rc;
}
