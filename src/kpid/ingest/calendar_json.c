/* Decodes the calendar JSON of the settings into a libkpi calendar, naming each bad field. */
#include "kpid/ingest/calendar_json.h"

#include "kpid/json/fields.h"
#include "kpid/json/errors.h"

#include <stdio.h>
#include <string.h>

static const char *const weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

/* [["09:00","13:00"], ...] -> intervals; false after adding an error at `pointer`. */
static bool parse_hours(const json_t *list, const char *pointer, kpi_interval *out, size_t *n,
                        json_t *errors)
{
    if (!json_is_array(list)) {
        kpid_json_error_add(errors, pointer, "must be a list of [\"HH:MM\", \"HH:MM\"] intervals");
        return false;
    }
    if (json_array_size(list) > KPI_CALENDAR_MAX_INTERVALS) {
        kpid_json_error_add(errors, pointer, "at most %d intervals a day",
                            KPI_CALENDAR_MAX_INTERVALS);
        return false;
    }
    size_t i;
    json_t *pair;
    json_array_foreach(list, i, pair)
    {
        const char *start = json_string_value(json_array_get(pair, 0));
        const char *end = json_string_value(json_array_get(pair, 1));
        kpi_error err;
        if (!json_is_array(pair) || json_array_size(pair) != 2 || start == NULL || end == NULL ||
            kpi_time_of_day_parse(start, &out[i].start, &err) != KPI_OK ||
            kpi_time_of_day_parse(end, &out[i].end, &err) != KPI_OK) {
            kpid_json_error_add(errors, pointer, "interval %zu must be [\"HH:MM\", \"HH:MM\"]", i);
            return false;
        }
    }
    *n = json_array_size(list);
    return true;
}

static void set_week(kpi_calendar_builder *b, const json_t *week, const char *prefix,
                     json_t *errors)
{
    char pointer[160];
    snprintf(pointer, sizeof pointer, "%s/week", prefix);
    if (!kpid_json_object_members(week, weekdays, pointer, "is required: an object with mon..sun",
                                  errors))
        return;
    for (int d = 0; weekdays[d] != NULL; d++) {
        snprintf(pointer, sizeof pointer, "%s/week/%s", prefix, weekdays[d]);
        const json_t *day = json_object_get(week, weekdays[d]);
        kpi_interval iv[KPI_CALENDAR_MAX_INTERVALS];
        size_t n = 0;
        kpi_error err;
        if (day == NULL)
            kpid_json_error_add(errors, pointer, "is required (an empty list is a day off)");
        else if (parse_hours(day, pointer, iv, &n, errors) &&
                 kpi_calendar_set_weekday(b, d, iv, n, &err) != KPI_OK)
            kpid_json_error_add(errors, pointer, "%s", err.message);
    }
}

typedef void (*item_fn)(kpi_calendar_builder *b, const json_t *item, const char *pointer,
                        json_t *errors);

/* Hands each item of the list at prefix/name to `one` with its pointer; `expected` is the
 * error when it is not a list. */
static void each_item(kpi_calendar_builder *b, const json_t *list, const char *prefix,
                      const char *name, const char *expected, item_fn one, json_t *errors)
{
    char pointer[160];
    snprintf(pointer, sizeof pointer, "%s/%s", prefix, name);
    if (!json_is_array(list)) {
        kpid_json_error_add(errors, pointer, "%s", expected);
        return;
    }
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        snprintf(pointer, sizeof pointer, "%s/%s/%zu", prefix, name, i);
        one(b, item, pointer, errors);
    }
}

static void add_holiday(kpi_calendar_builder *b, const json_t *item, const char *pointer,
                        json_t *errors)
{
    kpi_date date;
    kpi_error err;
    if (!json_is_string(item) || kpi_date_parse(json_string_value(item), &date, &err) != KPI_OK)
        kpid_json_error_add(errors, pointer, "must be a date YYYY-MM-DD");
    else if (kpi_calendar_add_holiday(b, date, &err) != KPI_OK)
        kpid_json_error_add(errors, pointer, "%s", err.message);
}

static void add_extra_day(kpi_calendar_builder *b, const json_t *item, const char *pointer,
                          json_t *errors)
{
    static const char *const members[] = {"date", "hours", NULL};
    if (!kpid_json_object_members(item, members, pointer, "must be an object {\"date\", \"hours\"}",
                                  errors))
        return;
    const char *text = json_string_value(json_object_get(item, "date"));
    kpi_date date;
    kpi_error err;
    char field[192];
    snprintf(field, sizeof field, "%s/date", pointer);
    if (text == NULL || kpi_date_parse(text, &date, &err) != KPI_OK) {
        kpid_json_error_add(errors, field, "must be a date YYYY-MM-DD");
        return;
    }
    kpi_interval iv[KPI_CALENDAR_MAX_INTERVALS];
    size_t n = 0;
    snprintf(field, sizeof field, "%s/hours", pointer);
    if (parse_hours(json_object_get(item, "hours"), field, iv, &n, errors) &&
        kpi_calendar_add_extra_day(b, date, iv, n, &err) != KPI_OK)
        kpid_json_error_add(errors, field, "%s", err.message);
}

kpi_calendar *kpid_calendar_from_json(const json_t *cal, const char *prefix, json_t *errors)
{
    static const char *const members[] = {"week", "holidays", "extra_workdays", NULL};
    if (!json_is_object(cal)) {
        kpid_json_error_add(errors, prefix,
                            "must be an object {\"week\", \"holidays\", "
                            "\"extra_workdays\"}");
        return NULL;
    }
    size_t before = json_array_size(errors);
    kpi_calendar_builder *b = kpi_calendar_builder_new();
    if (b == NULL) {
        kpid_json_error_add(errors, prefix, "out of memory");
        return NULL;
    }
    kpid_json_unknown_members(cal, members, prefix, errors);
    set_week(b, json_object_get(cal, "week"), prefix, errors);
    const json_t *holidays = json_object_get(cal, "holidays");
    if (holidays != NULL)
        each_item(b, holidays, prefix, "holidays", "must be a list of dates YYYY-MM-DD",
                  add_holiday, errors);
    const json_t *extra = json_object_get(cal, "extra_workdays");
    if (extra != NULL)
        each_item(b, extra, prefix, "extra_workdays", "must be a list of {\"date\", \"hours\"}",
                  add_extra_day, errors);
    kpi_calendar *out = NULL;
    kpi_error err;
    if (json_array_size(errors) == before && kpi_calendar_build(b, &out, &err) != KPI_OK) {
        kpid_json_error_add(errors, prefix, "%s", err.message);
        out = NULL;
    }
    kpi_calendar_builder_free(b);
    return out;
}
