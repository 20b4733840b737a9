/* Stores and reads period snapshots; diffs them against live results. */
#include "kpid/kpis/snapshot.h"

#include "kpid/json/json_dump.h"
#include "kpid/store/snapshot.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The JSON value of a stored text; NULL for SQL NULL or text that is not JSON. */
static json_t *stored_json(const char *text)
{
    return text ? json_loads(text, 0, NULL) : NULL;
}

void kpid_snapshot_clear(struct kpid_snapshot *s)
{
    json_decref(s->results);
    json_decref(s->scorecards);
    memset(s, 0, sizeof *s);
}

enum kpid_db_status kpid_snapshot_load(struct kpid_db *db, const char *workspace_id,
                                       const char *period_id, struct kpid_snapshot *out,
                                       bool *found)
{
    memset(out, 0, sizeof *out);
    *found = false;
    enum kpid_db_status st;
    kpid_result *res = kpid_store_snapshot_get(db, workspace_id, period_id, &st);
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) == 1) {
        kpid_result_copy(res, 0, "as_of", out->as_of, sizeof out->as_of);
        out->results = stored_json(kpid_result_text(res, 0, "results"));
        out->scorecards = stored_json(kpid_result_text(res, 0, "scorecards"));
        *found = json_is_array(out->results) && json_is_array(out->scorecards);
        st = *found ? KPID_DB_OK : KPID_DB_ERROR;
    }
    kpid_result_free(res);
    if (!*found)
        kpid_snapshot_clear(out);
    return st;
}

enum kpid_db_status kpid_snapshot_save(struct kpid_db *db, const char *workspace_id,
                                       const char *period_id, const char *as_of,
                                       const json_t *results, const json_t *scorecards)
{
    char *r = kpid_json_dumps(results), *s = kpid_json_dumps(scorecards);
    enum kpid_db_status st = KPID_DB_ERROR;
    if (r != NULL && s != NULL)
        st = kpid_store_snapshot_upsert(db, workspace_id, period_id, as_of, r, s);
    free(r);
    free(s);
    return st;
}

static void add_difference(json_t *out, const char *key, const char *id, const char *field,
                           const json_t *snapshot, const json_t *live)
{
    json_t *d = json_object();
    json_object_set_new(d, key, json_string(id));
    json_object_set_new(d, "field", json_string(field));
    json_object_set_new(d, "snapshot", snapshot ? json_deep_copy(snapshot) : json_null());
    json_object_set_new(d, "live", live ? json_deep_copy(live) : json_null());
    json_array_append_new(out, d);
}

/* Appends the differences between a and b below pointer `path`. */
static void diff(json_t *out, const char *key, const char *id, const char *path, const json_t *a,
                 const json_t *b)
{
    if (json_is_object(a) && json_is_object(b)) {
        const char *member;
        json_t *value;
        char sub[512];
        json_object_foreach((json_t *)(uintptr_t)a, member, value)
        {
            snprintf(sub, sizeof sub, "%s/%s", path, member);
            diff(out, key, id, sub, value, json_object_get(b, member));
        }
        json_object_foreach((json_t *)(uintptr_t)b, member, value) if (!json_object_get(a, member))
        {
            snprintf(sub, sizeof sub, "%s/%s", path, member);
            add_difference(out, key, id, sub, NULL, value);
        }
        return;
    }
    if (json_is_array(a) && json_is_array(b)) {
        size_t n =
            json_array_size(a) > json_array_size(b) ? json_array_size(a) : json_array_size(b);
        char sub[512];
        for (size_t i = 0; i < n; i++) {
            snprintf(sub, sizeof sub, "%s/%zu", path, i);
            diff(out, key, id, sub, json_array_get(a, i), json_array_get(b, i));
        }
        return;
    }
    if (!json_equal(a, b) && !(a == NULL && json_is_null(b)) && !(b == NULL && json_is_null(a)))
        add_difference(out, key, id, path, a, b);
}

/* The object of `list` whose `key` member is `id`, or NULL. */
static const json_t *find(const json_t *list, const char *key, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *v = json_string_value(json_object_get(item, key));
        if (v != NULL && strcmp(v, id) == 0)
            return item;
    }
    return NULL;
}

json_t *kpid_restatement(const json_t *snapshot, const json_t *live, const char *key)
{
    json_t *out = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(snapshot, i, item)
    {
        const char *id = json_string_value(json_object_get(item, key));
        const json_t *other = id ? find(live, key, id) : NULL;
        if (id != NULL && other == NULL)
            add_difference(out, key, id, "", item, NULL);
        else if (id != NULL)
            diff(out, key, id, "", item, other);
    }
    json_array_foreach(live, i, item)
    {
        const char *id = json_string_value(json_object_get(item, key));
        if (id != NULL && find(snapshot, key, id) == NULL)
            add_difference(out, key, id, "", NULL, item);
    }
    return out;
}
