/* Maps stored webhook events into leads or deals, all or nothing per event, and records the
 * outcome on the event. */
#include "kpid/webhook/inbox.h"

#include "kpid/ingest/deal_write.h"
#include "kpid/ingest/lead_write.h"
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

/* Upserts the mapped objects under a savepoint; on a refusal rolls them all back and fills
 * error. On success *results lists what became of each. */
static enum kpid_db_status write_items(struct kpid_db *db, const struct kpid_webhook_source *src,
                                       const json_t *objects, json_t **results, char *error,
                                       size_t error_size)
{
    size_t n = json_array_size(objects);
    if (n == 0) { /* the map's "when" took none of the items */
        *results = json_array();
        return KPID_DB_OK;
    }
    struct kpid_ingest_item *items = calloc(n, sizeof *items);
    if (items == NULL)
        return KPID_DB_ERROR;
    json_t *on_create = kpid_field_map_on_create(src->field_map);
    for (size_t i = 0; i < n; i++) {
        items[i].input = json_array_get(objects, i);
        items[i].errors = json_array();
        items[i].on_create = on_create;
    }
    enum kpid_db_status st = kpid_store_savepoint(db, SAVEPOINT);
    if (st == KPID_DB_OK)
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
                json_pack("{s:I,s:s,s:s}", "index", (json_int_t)i, "id", items[i].id, "status",
                          items[i].outcome == KPID_INGEST_CREATED ? "created" : "updated"));
    }
    for (size_t i = 0; i < n; i++)
        json_decref(items[i].errors);
    free(items);
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

enum kpid_db_status kpid_webhook_process(struct kpid_db *db, const struct kpid_webhook_source *src,
                                         const char *event_id, const char *body, size_t len,
                                         json_t **reply, bool *mapped)
{
    char error[ERROR_MAX + 1] = "";
    json_t *results = NULL;
    enum kpid_db_status st = KPID_DB_OK;
    json_t *objects = kpid_field_map_apply_at(src->field_map, src->payload, src->name,
                                              src->received_at, body, len, error, sizeof error);
    if (objects != NULL) {
        error[0] = '\0';
        st = write_items(db, src, objects, &results, error, sizeof error);
        json_decref(objects);
    }
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
