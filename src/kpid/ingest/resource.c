/* The write path of an ingested resource: input decoded into documents by its member table,
 * written set-based in natural-key order, fetched back as its representation. */
#include "kpid/ingest/resource.h"

#include "kpid/json/errors.h"
#include "kpid/json/json_out.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- decoding ----------------------------------------------------------------------------- */

/* A patch may not send the natural key, and no key member may be "". */
static void check_keys(const struct kpid_ingest_resource *r, const struct kpid_fields *f,
                       const char *prefix, bool patch, json_t *errors)
{
    for (size_t i = 0; i < r->n_members; i++) {
        unsigned role = r->members[i].role;
        bool key_changed = patch && (role & KPID_INGEST_KEY) && f->present[i];
        const char *text = kpid_fields_at(f, i);
        bool empty = (role & (KPID_INGEST_KEY | KPID_INGEST_NOT_EMPTY)) && text && !text[0];
        if (!key_changed && !empty)
            continue;
        char pointer[160];
        snprintf(pointer, sizeof pointer, "%s/%s", prefix, r->spec[i].path);
        if (key_changed)
            kpid_json_error_add(errors, pointer,
                                "is part of the %s's natural key and cannot be changed; POST the"
                                " %s instead",
                                r->noun, r->noun);
        else
            kpid_json_error_add(errors, pointer, "must not be empty");
    }
}

/* The flat document of decoded input: column -> value of the members it sets. */
static json_t *document(const struct kpid_ingest_resource *r, const json_t *input,
                        const struct kpid_fields *f)
{
    json_t *doc = json_object();
    for (size_t i = 0; i < r->n_members; i++) {
        const struct kpid_field *spec = &r->spec[i];
        if (spec->flags & KPID_FIELD_READONLY)
            continue;
        const char *slash = strchr(spec->path, '/');
        const json_t *parent =
            slash ? json_object_getn(input, spec->path, (size_t)(slash - spec->path)) : input;
        bool cleared = slash && json_is_null(parent); /* "contact": null clears its members */
        if (!f->present[i] && !cleared)
            continue;
        /* the input outlives the document and neither is changed: share the value */
        json_t *v = json_object_get(parent, slash ? slash + 1 : spec->path);
        json_object_set_new(doc, r->members[i].column, v ? json_incref(v) : json_null());
    }
    if (r->derive != NULL)
        r->derive(doc, f);
    return doc;
}

/* Decodes an input already known to be an object (or a merge patch). */
static size_t decode(const struct kpid_ingest_resource *r, const json_t *input, const char *prefix,
                     bool patch, json_t **doc, json_t *errors)
{
    struct kpid_fields f;
    size_t before = json_array_size(errors);
    kpid_fields_decode(r->spec, r->n_members, input, prefix, patch, &f, errors);
    check_keys(r, &f, prefix, patch, errors);
    if (r->rules != NULL)
        r->rules(&f, prefix, patch, errors);
    size_t added = json_array_size(errors) - before;
    if (added == 0 && doc != NULL)
        *doc = document(r, input, &f);
    kpid_fields_clear(&f);
    return added;
}

size_t kpid_ingest_decode(const struct kpid_ingest_resource *r, const json_t *input,
                          const char *prefix, bool patch, json_t **doc, json_t *errors)
{
    if (!patch && !json_is_object(input)) {
        kpid_json_error_add(errors, prefix, "must be a %s object", r->noun);
        return 1;
    }
    return decode(r, input, prefix, patch, doc, errors);
}

bool kpid_ingest_writable(const struct kpid_ingest_resource *r, const char *member)
{
    return kpid_fields_writable(r->spec, r->n_members, member);
}

bool kpid_ingest_target(const struct kpid_ingest_resource *r, const char *path)
{
    int i = kpid_fields_index(r->spec, r->n_members, path);
    return i >= 0 && !(r->spec[i].flags & KPID_FIELD_READONLY);
}

/* --- writing ------------------------------------------------------------------------------ */

/* Reads back, in the same transaction, the row of every written item that asked keep_row and
 * whose write did not return it final (updates, rows the derive step settled). */
static enum kpid_db_status fill_rows(const struct kpid_ingest_resource *r, struct kpid_db *db,
                                     const char *workspace_id, struct kpid_ingest_item *items,
                                     size_t n)
{
    enum kpid_db_status st = KPID_DB_OK;
    for (size_t i = 0; i < n && st == KPID_DB_OK; i++) {
        struct kpid_ingest_item *it = &items[i];
        if (it->keep_row && it->row == NULL && it->outcome != KPID_INGEST_INVALID &&
            it->id[0] != '\0')
            st = kpid_ingest_fetch(r, db, workspace_id, it->id, &it->row);
    }
    return st;
}

enum kpid_db_status kpid_ingest_write(const struct kpid_ingest_resource *r, struct kpid_db *db,
                                      const char *workspace_id, struct kpid_ingest_item *items,
                                      size_t n)
{
    json_t **docs = calloc(n ? n : 1, sizeof *docs);
    if (docs == NULL)
        return KPID_DB_ERROR;
    for (size_t i = 0; i < n; i++) {
        items[i].outcome = KPID_INGEST_INVALID;
        items[i].id[0] = '\0';
        kpid_ingest_decode(r, items[i].input, items[i].prefix, false, &docs[i], items[i].errors);
    }
    enum kpid_db_status st = r->write(db, workspace_id, docs, items, n);
    for (size_t i = 0; i < n; i++)
        json_decref(docs[i]);
    free(docs);
    return st == KPID_DB_OK ? fill_rows(r, db, workspace_id, items, n) : st;
}

enum kpid_db_status kpid_ingest_patch(const struct kpid_ingest_resource *r, struct kpid_db *db,
                                      const char *workspace_id, const char *id,
                                      struct kpid_ingest_item *item)
{
    json_t *doc = NULL;
    item->outcome = KPID_INGEST_INVALID;
    item->id[0] = '\0';
    if (decode(r, item->input, item->prefix, true, &doc, item->errors) > 0)
        return KPID_DB_OK;
    json_object_set_new(doc, "id", json_string(id));
    enum kpid_db_status st = r->write(db, workspace_id, &doc, item, 1);
    json_decref(doc);
    return st == KPID_DB_OK ? fill_rows(r, db, workspace_id, item, 1) : st;
}

/* --- reading ------------------------------------------------------------------------------ */

/* A stored value as the JSON its field type is shown as. */
static json_t *shown(enum kpid_field_type type, const char *value)
{
    switch (type) {
    case KPID_FIELD_BOOL:
        return kpid_json_bool(value);
    case KPID_FIELD_INTEGER:
    case KPID_FIELD_NUMBER:
    case KPID_FIELD_MONEY:
        return kpid_json_number(value);
    case KPID_FIELD_TIMESTAMP:
        return kpid_json_timestamp(value);
    case KPID_FIELD_OBJECT:
        return kpid_json_parse(value);
    default:
        return kpid_json_text(value);
    }
}

/* Sets the member at path ("a" or "a/b": inside object "a", created on first use). */
static void set_path(json_t *obj, const char *path, json_t *value)
{
    const char *slash = strchr(path, '/');
    if (slash == NULL) {
        json_object_set_new(obj, path, value);
        return;
    }
    size_t len = (size_t)(slash - path);
    json_t *parent = json_object_getn(obj, path, len);
    if (parent == NULL)
        json_object_setn_new(obj, path, len, parent = json_object());
    json_object_set_new(parent, slash + 1, value);
}

/* The result's column of each member, looked up when row 0 is read (per thread). */
static const int *columns_of(const struct kpid_ingest_resource *r, const kpid_result *res, int row)
{
    static _Thread_local struct {
        const struct kpid_ingest_resource *r;
        const kpid_result *res;
        int col[KPID_FIELDS_MAX];
    } cache;
    if (row == 0 || cache.r != r || cache.res != res) {
        cache.r = r;
        cache.res = res;
        for (size_t i = 0; i < r->n_members && i < KPID_FIELDS_MAX; i++)
            cache.col[i] = r->members[i].role & KPID_INGEST_INPUT_ONLY
                               ? -1
                               : kpid_result_column(res, r->members[i].column);
    }
    return cache.col;
}

json_t *kpid_ingest_json(const struct kpid_ingest_resource *r, const kpid_result *res, int row)
{
    const int *col = columns_of(r, res, row);
    json_t *out = json_object();
    json_object_set_new(out, "id", json_null()); /* first, as the API has always shown it */
    for (size_t i = 0; i < r->n_members && i < KPID_FIELDS_MAX; i++)
        if (!(r->members[i].role & KPID_INGEST_INPUT_ONLY))
            set_path(out, r->spec[i].path,
                     shown(r->spec[i].type, kpid_result_value(res, row, col[i])));
    return out;
}

enum kpid_db_status kpid_ingest_fetch(const struct kpid_ingest_resource *r, struct kpid_db *db,
                                      const char *workspace_id, const char *id, json_t **out)
{
    enum kpid_db_status st;
    kpid_result *res = r->fetch(db, workspace_id, id, &st);
    if (res == NULL)
        return st;
    *out = kpid_result_rows(res) == 1 ? kpid_ingest_json(r, res, 0) : NULL;
    kpid_result_free(res);
    return KPID_DB_OK;
}

/* --- the set-based upsert ----------------------------------------------------------------- */

struct keyed {
    size_t index;
    const char *source; /* NULL: no natural key */
    const char *external_id;
    unsigned round;
};

static int by_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if ((x->external_id == NULL) != (y->external_id == NULL))
        return x->external_id == NULL ? -1 : 1;
    if (x->external_id == NULL)
        return (x->index > y->index) - (x->index < y->index);
    int c = strcmp(x->source, y->source);
    if (c == 0)
        c = strcmp(x->external_id, y->external_id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* What every round of one kpid_upsert call shares. */
struct upsert {
    kpid_upsert_fn run;
    void *ctx;
    json_t *const *docs;
    struct kpid_ingest_item *items;
    size_t n;
    bool *written;
    bool *flagged;
    const struct kpid_ingest_resource *shown;
};

/* Runs the insert or update over `batch` and records its (ord, id[, recheck]) rows. */
static enum kpid_db_status run(const struct upsert *u, bool insert, json_t *batch)
{
    if (json_array_size(batch) == 0)
        return KPID_DB_OK;
    enum kpid_db_status st;
    kpid_result *res = u->run(u->ctx, insert, batch, &st);
    if (res == NULL)
        return st;
    int ord = kpid_result_column(res, "ord"), id = kpid_result_column(res, "id");
    int recheck = insert && u->flagged ? kpid_result_column(res, "recheck") : -1;
    for (int r = 0; r < kpid_result_rows(res); r++) {
        size_t i = strtoul(kpid_result_value(res, r, ord), NULL, 10);
        if (i >= u->n)
            continue;
        u->items[i].outcome = insert ? KPID_INGEST_CREATED : KPID_INGEST_UPDATED;
        snprintf(u->items[i].id, sizeof u->items[i].id, "%s", kpid_result_value(res, r, id));
        u->written[i] = true;
        const char *flag = kpid_result_value(res, r, recheck);
        if (flag != NULL)
            u->flagged[i] = flag[0] == 't';
        if (insert && u->shown != NULL && u->items[i].keep_row && !u->flagged[i]) {
            json_decref(u->items[i].row);
            u->items[i].row = kpid_ingest_json(u->shown, res, r);
        }
    }
    kpid_result_free(res);
    return KPID_DB_OK;
}

/* The document an update writes: doc without the members written only on create (a new
 * reference). */
static json_t *update_doc(json_t *doc, const json_t *on_create)
{
    if (json_array_size(on_create) == 0)
        return json_incref(doc);
    json_t *copy = json_copy(doc);
    size_t i;
    json_t *field;
    json_array_foreach(on_create, i, field)
    {
        char member[128];
        snprintf(member, sizeof member, "%s", json_string_value(field));
        for (char *c = member; *c != '\0'; c++)
            *c = *c == '/' ? '_' : *c;
        json_object_del(copy, member);
    }
    return copy;
}

/* One round: inserts the new documents, then updates the rest. */
static enum kpid_db_status run_round(const struct upsert *u, const struct keyed *order,
                                     size_t count, unsigned round)
{
    json_t *inserts = json_array(), *updates = json_array();
    for (size_t k = 0; k < count; k++)
        if (order[k].round == round && json_object_get(u->docs[order[k].index], "id") == NULL)
            json_array_append(inserts, u->docs[order[k].index]);
    enum kpid_db_status st = run(u, true, inserts);
    for (size_t k = 0; k < count && st == KPID_DB_OK; k++) {
        size_t i = order[k].index;
        bool keyed = order[k].external_id != NULL || json_object_get(u->docs[i], "id") != NULL;
        if (order[k].round == round && keyed && !u->written[i])
            json_array_append_new(updates, update_doc(u->docs[i], u->items[i].on_create));
    }
    if (st == KPID_DB_OK)
        st = run(u, false, updates);
    json_decref(inserts);
    json_decref(updates);
    return st;
}

/* Sorts the documents by natural key and numbers the rounds repeats of one key need. */
static unsigned plan_rounds(const struct upsert *u, struct keyed *order, size_t *count)
{
    *count = 0;
    for (size_t i = 0; i < u->n; i++) {
        if (u->flagged != NULL)
            u->flagged[i] = false;
        if (u->docs[i] == NULL)
            continue;
        json_object_set_new(u->docs[i], "ord", json_integer((json_int_t)i));
        u->items[i].id[0] = '\0';
        const char *source = json_string_value(json_object_get(u->docs[i], "source"));
        order[(*count)++] = (struct keyed){
            .index = i,
            .source = source ? source : "api",
            .external_id = json_string_value(json_object_get(u->docs[i], "external_id")),
        };
    }
    qsort(order, *count, sizeof *order, by_key);
    unsigned rounds = *count ? 1 : 0;
    for (size_t k = 1; k < *count; k++) {
        const struct keyed *prev = &order[k - 1], *cur = &order[k];
        if (cur->external_id != NULL && prev->external_id != NULL &&
            strcmp(cur->source, prev->source) == 0 &&
            strcmp(cur->external_id, prev->external_id) == 0) {
            order[k].round = prev->round + 1;
            if (order[k].round + 1 > rounds)
                rounds = order[k].round + 1;
        }
    }
    return rounds;
}

enum kpid_db_status kpid_upsert(kpid_upsert_fn fn, void *ctx, json_t *const *docs,
                                struct kpid_ingest_item *items, size_t n, bool *flagged,
                                const struct kpid_ingest_resource *shown)
{
    struct keyed *order = calloc(n ? n : 1, sizeof *order);
    bool *written = calloc(n ? n : 1, sizeof *written);
    if (order == NULL || written == NULL) {
        free(order);
        free(written);
        return KPID_DB_ERROR;
    }
    struct upsert u = {fn, ctx, docs, items, n, written, flagged, shown};
    size_t count;
    unsigned rounds = plan_rounds(&u, order, &count);
    enum kpid_db_status st = KPID_DB_OK;
    for (unsigned r = 0; r < rounds && st == KPID_DB_OK; r++)
        st = run_round(&u, order, count, r);
    free(order);
    free(written);
    return st;
}
