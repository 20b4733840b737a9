/* Decoding, checking and writing one channel record. */
#include "kpid/handlers/channel_stats_write.h"

#include "kpid/handlers/channel_stats_json.h"
#include "kpid/json/errors.h"
#include "kpid/store/channel_stats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The largest counter: well inside a double's exact integers and PostgreSQL's bigint. */
#define COUNTER_MAX 1e15

#define COUNTER(name)                                                                              \
    {                                                                                              \
        .path = name, .type = KPID_FIELD_INTEGER, .max = COUNTER_MAX                               \
    }

/* The counters are in the order of kpid_channel_counters, which the upsert reads by path. */
const struct kpid_field kpid_channel_stats_spec[] = {
    {.path = "channel", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_REQUIRED, .max_len = 200},
    {.path = "date", .type = KPID_FIELD_DATE, .flags = KPID_FIELD_REQUIRED},
    {.path = "campaign", .type = KPID_FIELD_STRING, .max_len = 200},
    {.path = "spend", .type = KPID_FIELD_MONEY, .max = 1e13},
    COUNTER("impressions"),
    COUNTER("clicks"),
    COUNTER("sessions"),
    COUNTER("bounces"),
    COUNTER("reach"),
    COUNTER("engagements"),
    COUNTER("followers"),
    COUNTER("emails_sent"),
    COUNTER("emails_delivered"),
    COUNTER("emails_opened"),
    COUNTER("email_clicks"),
    COUNTER("unsubscribes"),
    COUNTER("conversions"),
    {.path = "counters", .type = KPID_FIELD_OBJECT},
    {.path = "note", .type = KPID_FIELD_STRING, .max_len = 1000},
    /* the representation's read-only members, so a GET item can be posted back */
    {.path = "id", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "ingested_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "updated_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
};
const size_t kpid_channel_stats_spec_n =
    sizeof kpid_channel_stats_spec / sizeof kpid_channel_stats_spec[0];

bool kpid_free_counter_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64)
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '~')
            return false; /* '/' and '~' would need escaping in error pointers */
    return true;
}

size_t kpid_channel_stats_check(const struct kpid_fields *f, const char *prefix, json_t *errors)
{
    const char *text = kpid_fields_text(f, "counters");
    if (text == NULL)
        return 0;
    size_t before = json_array_size(errors);
    char pointer[160];
    snprintf(pointer, sizeof pointer, "%s/counters", prefix);
    json_t *counters = json_loads(text, 0, NULL);
    if (json_object_size(counters) > KPID_FREE_COUNTERS_MAX)
        kpid_json_error_add(errors, pointer, "at most %d free counters", KPID_FREE_COUNTERS_MAX);
    const char *name;
    json_t *v;
    json_object_foreach(counters, name, v)
    {
        if (!kpid_free_counter_name_ok(name)) {
            kpid_json_error_add(errors, pointer,
                                "a counter's name has 1 to 64 characters, none of them a "
                                "control character, / or ~");
            continue;
        }
        double x = json_number_value(v);
        if (!json_is_number(v) || !(x >= 0 && x <= COUNTER_MAX) || x != floor(x)) {
            snprintf(pointer, sizeof pointer, "%s/counters/%s", prefix, name);
            kpid_json_error_add(errors, pointer, "must be a whole number from 0 to 10^15");
        }
    }
    json_decref(counters);
    return json_array_size(errors) - before;
}

enum kpid_db_status kpid_channel_stats_upsert(struct kpid_db *db, const char *workspace_id,
                                              const struct kpid_fields *f, json_t **row,
                                              bool *created)
{
    struct kpid_channel_stats_entry entry = {
        .channel = kpid_fields_text(f, "channel"),
        .date = kpid_fields_text(f, "date"),
        .campaign = kpid_fields_text(f, "campaign"),
        .spend = kpid_fields_text(f, "spend"),
        .counters = kpid_fields_text(f, "counters"),
        .note = kpid_fields_text(f, "note"),
    };
    for (int i = 0; i < KPID_CHANNEL_COUNTERS; i++)
        entry.counts[i] = kpid_fields_text(f, kpid_channel_counters[i]);
    enum kpid_db_status st;
    kpid_result *res = kpid_store_channel_stats_upsert(db, workspace_id, &entry, &st);
    if (res == NULL)
        return st;
    *row = kpid_channel_stats_json(res, 0);
    *created = kpid_result_bool(res, 0, "created");
    kpid_result_free(res);
    return KPID_DB_OK;
}

const struct kpid_fields_batch kpid_channel_stats_batch = {
    kpid_channel_stats_spec, sizeof kpid_channel_stats_spec / sizeof kpid_channel_stats_spec[0],
    kpid_channel_stats_check, kpid_channel_stats_upsert, "channel records"};
