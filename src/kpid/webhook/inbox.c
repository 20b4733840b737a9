/* Maps stored webhook events into leads or deals, all or nothing per event, and records the
 * outcome on the event. */
#include "kpid/webhook/inbox.h"

#include "kpid/ingest/deal_write.h"
#include "kpid/ingest/lead_write.h"
#include "kpid/store/lead.h"
#include "kpid/store/savepoint.h"
#include "kpid/store/webhook_event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_MAX 1000 /* characters of an event's error text */
#define SAVEPOINT "webhook_mapping"

void kpid_webhook_source_kinds(struct kpid_webhook_source *src, const char *payload,
                               const char *target)
{
    src->payload = strcmp(payload, "form") == 0 ? KPID_PAYLOAD_FORM : KPID_PAYLOAD_JSON;
    src->target = strcmp(target, "deal") == 0 ? KPID_TARGET_DEAL : KPID_TARGET_LEAD;
}

static enum kpid_db_status record(struct kpid_db *db, const struct kpid_webhook_source *src,
                                  const char *event_id, const char *error, const json_t *results)
{
    char *result = results ? json_dumps(results, JSON_COMPACT) : NULL;
    enum kpid_db_status st = kpid_store_webhook_event_set_outcome(
        db, src->workspace_id, event_id, error ? "failed" : "mapped", error, result);
    free(result);
    return st;
}

/* "item 1: /channel is required; ..." from the items' field errors. */
static void describe_errors(const struct kpid_ingest_item *items, size_t n, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        size_t k;
        json_t *e;
        json_array_foreach(items[i].errors, k, e)
        {
            used += (size_t)snprintf(out + used, size - used, "%sitem %zu: %s %s", used ? "; " : "",
                                     i, json_string_value(json_object_get(e, "field")),
                                     json_string_value(json_object_get(e, "message")));
            if (used >= size)
                break;
        }
    }
}

bool kpid_webhook_is_erasure(const json_t *object)
{
    return json_object_get(object, KPID_MAP_ERASE) != NULL;
}

/* Erases the leads the erasure objects name (kpid's DELETE /v1/leads/{id}: personal data goes,
 * the counting row stays), appending {"index", "id", "status": "erased"} for each lead found. */
static enum kpid_db_status erase_items(struct kpid_db *db, const struct kpid_webhook_source *src,
                                       const json_t *objects, json_t *results)
{
    size_t i;
    json_t *obj;
    json_array_foreach(objects, i, obj)
    {
        if (!kpid_webhook_is_erasure(obj))
            continue;
        char id[37];
        bool found = false;
        enum kpid_db_status st = kpid_store_lead_find_key(
            db, src->workspace_id, json_string_value(json_object_get(obj, "source")),
            json_string_value(json_object_get(obj, "external_id")), id);
        if (st == KPID_DB_OK && id[0] != '\0')
            st = kpid_store_lead_erase(db, src->workspace_id, id, &found);
        if (st != KPID_DB_OK)
            return st;
        if (found)
            json_array_append_new(results, json_pack("{s:I,s:s,s:s}", "index", (json_int_t)i, "id",
                                                     id, "status", "erased"));
    }
    return KPID_DB_OK;
}

/* Upserts the mapped objects under a savepoint and erases the erasures; on a refusal rolls
 * them all back and fills error. On success *results lists what became of each. */
static enum kpid_db_status write_items(struct kpid_db *db, const struct kpid_webhook_source *src,
                                       const json_t *objects, json_t **results, char *error,
                                       size_t error_size)
{
    size_t total = json_array_size(objects), n = 0;
    struct kpid_ingest_item *items = calloc(total ? total : 1, sizeof *items);
    size_t *index = calloc(total ? total : 1, sizeof *index);
    json_t *on_create = kpid_field_map_on_create(src->field_map);
    enum kpid_db_status st = items && index ? KPID_DB_OK : KPID_DB_ERROR;
    for (size_t i = 0; st == KPID_DB_OK && i < total; i++) {
        if (kpid_webhook_is_erasure(json_array_get(objects, i)))
            continue;
        items[n] = (struct kpid_ingest_item){
            .input = json_array_get(objects, i), .errors = json_array(), .on_create = on_create};
        index[n++] = i;
    }
    if (st == KPID_DB_OK)
        st = kpid_store_savepoint(db, SAVEPOINT);
    if (st == KPID_DB_OK && n > 0)
        st = kpid_ingest_write(src->target == KPID_TARGET_DEAL ? &kpid_deal_resource
                                                               : &kpid_lead_resource,
                               db, src->workspace_id, items, n);
    bool refused = false;
    for (size_t i = 0; i < n; i++)
        refused |= items[i].outcome == KPID_INGEST_INVALID;
    if (st == KPID_DB_OK && refused) {
        describe_errors(items, n, error, error_size);
        st = kpid_store_savepoint_rollback(db, SAVEPOINT);
    } else if (st == KPID_DB_OK) {
        *results = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                *results,
                json_pack("{s:I,s:s,s:s}", "index", (json_int_t)index[i], "id", items[i].id,
                          "status",
                          items[i].outcome == KPID_INGEST_CREATED ? "created" : "updated"));
        st = erase_items(db, src, objects, *results);
    }
    for (size_t i = 0; i < n; i++)
        json_decref(items[i].errors);
    free(items);
    free(index);
    json_decref(on_create);
    return st;
}

/* Cuts an incomplete UTF-8 sequence that truncation left at the end of s. */
static void trim_utf8_tail(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = '\0';
}

enum kpid_db_status kpid_webhook_record(struct kpid_db *db, const struct kpid_webhook_source *src,
                                        const char *event_id, const json_t *objects,
                                        const char *why, json_t **reply, bool *mapped)
{
    char error[ERROR_MAX + 1] = "";
    json_t *results = NULL;
    enum kpid_db_status st = KPID_DB_OK;
    if (objects != NULL)
        st = write_items(db, src, objects, &results, error, sizeof error);
    else
        snprintf(error, sizeof error, "%s", why ? why : "");
    if (results == NULL && error[0] == '\0')
        snprintf(error, sizeof error, "the %s was refused",
                 src->target == KPID_TARGET_DEAL ? "deal" : "lead");
    trim_utf8_tail(error);
    if (st == KPID_DB_OK)
        st = record(db, src, event_id, results ? NULL : error, results);
    if (st != KPID_DB_OK) {
        json_decref(results);
        return st;
    }
    *mapped = results != NULL;
    *reply = results ? json_pack("{s:s,s:s,s:o}", "status", "mapped", "event_id", event_id,
                                 "results", results)
                     : json_pack("{s:s,s:s,s:s}", "status", "failed", "event_id", event_id, "error",
                                 error);
    return KPID_DB_OK;
}

json_t *kpid_webhook_map(const struct kpid_webhook_source *src, const char *body, size_t len,
                         char *error, size_t error_size)
{
    return kpid_field_map_apply_at(src->field_map, src->payload, src->name, src->received_at, body,
                                   len, error, error_size);
}

enum kpid_db_status kpid_webhook_process(struct kpid_db *db, const struct kpid_webhook_source *src,
                                         const char *event_id, const char *body, size_t len,
                                         json_t **reply, bool *mapped)
{
    char error[ERROR_MAX + 1] = "";
    json_t *objects = kpid_webhook_map(src, body, len, error, sizeof error);
    enum kpid_db_status st = kpid_webhook_record(db, src, event_id, objects, error, reply, mapped);
    json_decref(objects);
    return st;
}

bool kpid_webhook_wants_fetch(const struct kpid_webhook_source *src, const char *body, size_t len)
{
    char error[ERROR_MAX + 1];
    json_t *objects = kpid_webhook_map(src, body, len, error, sizeof error);
    size_t i;
    json_t *obj;
    bool wants = false;
    json_array_foreach(objects, i, obj) wants |= !kpid_webhook_is_erasure(obj);
    json_decref(objects);
    return wants;
}
