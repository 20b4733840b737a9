/* Checks field maps and applies them to webhook bodies, producing lead or deal objects. */
#include "kpid/webhook/map.h"
#include "kpid/enums.h"

#include "kpid/json/fields.h"
#include "kpid/json/errors.h"
#include "kpid/ingest/deal_write.h"
#include "kpid/ingest/lead_write.h"
#include "kpid/webhook/form.h"
#include "kpid/webhook/pointer.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_WHERE 256 /* characters of a "from" or "items" */

static const char *const entry_members[] = {"from", "convert", "const", NULL};

static bool listed(const char *const *list, const char *s)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

static bool target_known(enum kpid_target_kind target, const char *field)
{
    if (target == KPID_TARGET_DEAL)
        return kpid_ingest_target(&kpid_deal_resource, field);
    if (strncmp(field, "attributes/", 11) == 0)
        return field[11] != '\0' && strchr(field + 11, '/') == NULL;
    return kpid_ingest_target(&kpid_lead_resource, field);
}

/* prefix + "/" + the RFC 6901 escape of name + suffix, into out. */
static void member_pointer(char *out, size_t size, const char *prefix, const char *name,
                           const char *suffix)
{
    size_t o = (size_t)snprintf(out, size, "%s/", prefix);
    for (const char *c = name; *c != '\0' && o + 3 < size; c++) {
        if (*c == '~' || *c == '/') {
            out[o++] = '~';
            out[o++] = *c == '~' ? '0' : '1';
        } else {
            out[o++] = *c;
        }
    }
    out[o < size ? o : size - 1] = '\0';
    o = strlen(out);
    snprintf(out + o, size - o, "%s", suffix);
}

static bool where_valid(enum kpid_payload_kind payload, const json_t *where)
{
    if (!json_is_string(where) || json_string_length(where) > MAX_WHERE)
        return false;
    const char *s = json_string_value(where);
    size_t n = json_string_length(where);
    return payload == KPID_PAYLOAD_JSON ? kpid_pointer_valid(s, n) : kpid_form_key_valid(s, n);
}

static const char *where_hint(enum kpid_payload_kind payload)
{
    return payload == KPID_PAYLOAD_JSON ? "must be a JSON pointer such as /lead/name"
                                        : "must be a form key such as leads[add][0][name]";
}

static void check_entry(const json_t *entry, enum kpid_payload_kind payload, const char *at,
                        json_t *errors)
{
    char ptr[224];
    if (!json_is_object(entry)) {
        kpid_json_error_add(errors, at, "must be an object with from (and convert) or const");
        return;
    }
    const json_t *from = json_object_get(entry, "from");
    const json_t *cst = json_object_get(entry, "const");
    const json_t *conv = json_object_get(entry, "convert");
    if (from != NULL && cst != NULL)
        kpid_json_error_add(errors, at, "give either from or const, not both");
    else if (from == NULL && cst == NULL)
        kpid_json_error_add(errors, at, "needs from (where the value is) or const (a fixed value)");
    if (from != NULL && !where_valid(payload, from)) {
        snprintf(ptr, sizeof ptr, "%s/from", at);
        kpid_json_error_add(errors, ptr, "%s, of at most %d characters", where_hint(payload),
                            MAX_WHERE);
    }
    if (cst != NULL && (json_is_object(cst) || json_is_array(cst))) {
        snprintf(ptr, sizeof ptr, "%s/const", at);
        kpid_json_error_add(errors, ptr, "must be a string, number, boolean or null");
    }
    if (conv != NULL) {
        snprintf(ptr, sizeof ptr, "%s/convert", at);
        if (from == NULL)
            kpid_json_error_add(errors, ptr, "applies only with from");
        else if (!json_is_string(conv) || !listed(kpid_field_conversions, json_string_value(conv)))
            kpid_json_error_add(errors, ptr,
                                "must be one of unix_seconds, yn_bool, string, number");
    }
    kpid_json_unknown_members(entry, entry_members, at, errors);
}

size_t kpid_field_map_check(const json_t *map, enum kpid_payload_kind payload,
                            enum kpid_target_kind target, const char *prefix, json_t *errors)
{
    size_t before = json_array_size(errors);
    if (!json_is_object(map)) {
        kpid_json_error_add(errors, prefix, "must be an object of target fields");
        return 1;
    }
    const char *key;
    json_t *entry;
    size_t fields = 0;
    bool attributes = false, attribute_members = false;
    json_object_foreach((json_t *)(uintptr_t)map, key, entry)
    {
        char at[200];
        member_pointer(at, sizeof at, prefix, key, "");
        if (strcmp(key, "items") == 0) {
            if (!where_valid(payload, entry))
                kpid_json_error_add(errors, at, "%s, with * for any segment in a form key",
                                    where_hint(payload));
            continue;
        }
        if (!target_known(target, key)) {
            kpid_json_error_add(errors, at, "not a %s field",
                                target == KPID_TARGET_LEAD ? "lead" : "deal");
            continue;
        }
        attributes |= strcmp(key, "attributes") == 0;
        attribute_members |= strncmp(key, "attributes/", 11) == 0;
        fields++;
        check_entry(entry, payload, at, errors);
    }
    if (fields == 0)
        kpid_json_error_add(errors, prefix, "maps no %s field",
                            target == KPID_TARGET_LEAD ? "lead" : "deal");
    if (attributes && attribute_members)
        kpid_json_error_add(errors, prefix,
                            "maps attributes as a whole and attributes/<name> members: choose one");
    return json_array_size(errors) - before;
}

/* --- applying a map ------------------------------------------------------------------------- */

/* Where one item's values are read from. */
struct item {
    const json_t *doc;  /* JSON payload: the item's value */
    const json_t *form; /* form payload: {key: first value} of the whole body */
    const char *prefix; /* form payload with items: the item's key prefix, else "" */
};

struct failure {
    char *text;
    size_t size;
};

static json_t *fail(struct failure *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static json_t *fail(struct failure *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->text, f->size, fmt, ap);
    va_end(ap);
    return NULL;
}

/* The value `from` names in the item (a new reference), or NULL when it is absent. */
static json_t *lookup(const struct item *it, const char *from)
{
    if (it->form == NULL)
        return json_incref(kpid_pointer_get(it->doc, from, strlen(from)));
    if (it->prefix[0] == '\0')
        return json_incref(json_object_get(it->form, from));
    /* relative "custom_fields[0][value]" under "leads[add][0]" is
     * "leads[add][0][custom_fields][0][value]" */
    size_t name = strcspn(from, "[");
    char *key = malloc(strlen(it->prefix) + strlen(from) + 3);
    if (key == NULL)
        return NULL;
    sprintf(key, "%s[%.*s]%s", it->prefix, (int)name, from, from + name);
    json_t *v = json_incref(json_object_get(it->form, key));
    free(key);
    return v;
}

static json_t *unix_seconds(const json_t *v, const char **why)
{
    long long secs = -1;
    if (json_is_integer(v)) {
        secs = json_integer_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = strlen(s);
        if (n > 0 && n <= 12 && strspn(s, "0123456789") == n)
            secs = strtoll(s, NULL, 10);
    }
    /* up to 9999-12-31T23:59:59Z */
    if (secs < 0 || secs > 253402300799LL) {
        *why = "is not unix seconds";
        return NULL;
    }
    time_t t = (time_t)secs;
    struct tm tm;
    char text[32];
    gmtime_r(&t, &tm);
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(text);
}

static json_t *yn_bool(const json_t *v, const char **why)
{
    if (json_is_boolean(v))
        return json_incref((json_t *)(uintptr_t)v);
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    if (strcasecmp(s, "Y") == 0)
        return json_true();
    if (strcasecmp(s, "N") == 0)
        return json_false();
    *why = "is not Y or N";
    return NULL;
}

static json_t *as_string(const json_t *v, const char **why)
{
    char text[40];
    if (json_is_string(v))
        return json_incref((json_t *)(uintptr_t)v);
    if (json_is_integer(v))
        snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        snprintf(text, sizeof text, "%.17g", json_real_value(v));
    else if (json_is_boolean(v))
        snprintf(text, sizeof text, "%s", json_is_true(v) ? "true" : "false");
    else {
        *why = "is not a string or number";
        return NULL;
    }
    return json_string(text);
}

static json_t *as_number(const json_t *v, const char **why)
{
    if (json_is_number(v))
        return json_incref((json_t *)(uintptr_t)v);
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    const char *d = s + (*s == '-');
    size_t whole = strspn(d, "0123456789");
    size_t frac = d[whole] == '.' ? strspn(d + whole + 1, "0123456789") : 0;
    bool shaped = whole > 0 && (d[whole] == '\0' || (frac > 0 && d[whole + 1 + frac] == '\0'));
    if (shaped && d[whole] == '\0' && whole <= 18)
        return json_integer(strtoll(s, NULL, 10));
    double x = shaped ? strtod(s, NULL) : NAN;
    if (!isfinite(x)) {
        *why = "is not a number";
        return NULL;
    }
    return json_real(x);
}

/* Converts v (borrowed) as `conv` names; NULL with *why on a refusal. */
static json_t *convert(const char *conv, const json_t *v, const char **why)
{
    if (strcmp(conv, "unix_seconds") == 0)
        return unix_seconds(v, why);
    if (strcmp(conv, "yn_bool") == 0)
        return yn_bool(v, why);
    if (strcmp(conv, "string") == 0)
        return as_string(v, why);
    return as_number(v, why);
}

/* Sets "a" or "a/b" in obj, creating the parent object; takes value over. */
static void set_path(json_t *obj, const char *path, json_t *value)
{
    const char *slash = strchr(path, '/');
    if (slash == NULL) {
        json_object_set_new(obj, path, value);
        return;
    }
    json_t *parent = json_object_getn(obj, path, (size_t)(slash - path));
    if (!json_is_object(parent)) {
        parent = json_object();
        json_object_setn_new(obj, path, (size_t)(slash - path), parent);
    }
    json_object_set_new(parent, slash + 1, value);
}

/* A short rendering of a refused value for the error text. */
static void shown(const json_t *v, char *out, size_t size)
{
    char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    size_t n = text ? strlen(text) : 0, cut = n > 60 ? 60 : n;
    while (cut < n && cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--; /* not inside a UTF-8 sequence */
    snprintf(out, size, "%.*s%s", (int)cut, text ? text : "?", cut < n ? "..." : "");
    free(text);
}

/* One target object from one item; NULL (and *f filled) when a conversion refuses. */
static json_t *map_item(const json_t *map, const struct item *it, size_t index,
                        const char *source_name, struct failure *f)
{
    json_t *out = json_object();
    const char *field;
    json_t *entry;
    json_object_foreach((json_t *)(uintptr_t)map, field, entry)
    {
        if (strcmp(field, "items") == 0)
            continue;
        json_t *cst = json_object_get(entry, "const");
        if (cst != NULL) {
            set_path(out, field, json_incref(cst));
            continue;
        }
        const char *from = json_string_value(json_object_get(entry, "from"));
        const char *conv = json_string_value(json_object_get(entry, "convert"));
        json_t *v = lookup(it, from);
        /* a form sends empty text for an unset field: nothing to convert */
        bool empty = v == NULL || json_is_null(v) ||
                     (conv != NULL && strcmp(conv, "string") != 0 && json_is_string(v) &&
                      json_string_length(v) == 0);
        if (empty) {
            json_decref(v);
            continue;
        }
        if (conv != NULL) {
            const char *why = "cannot be converted";
            json_t *c = convert(conv, v, &why);
            if (c == NULL) {
                char value[80];
                shown(v, value, sizeof value);
                json_decref(v);
                json_decref(out);
                return fail(f, "item %zu: %s (from %s): %s %s", index, field, from, value, why);
            }
            json_decref(v);
            v = c;
        }
        set_path(out, field, v);
    }
    if (json_object_get(out, "source") == NULL)
        json_object_set_new(out, "source", json_string(source_name));
    return out;
}

/* {key: first value} of a form body, or NULL with *f filled. */
static json_t *form_index(const char *body, size_t len, struct failure *f)
{
    struct kpid_form form;
    enum kpid_form_status st = kpid_form_parse(body, len, KPID_FORM_MAX_FIELDS, &form);
    if (st != KPID_FORM_OK)
        return fail(f, "the body is not a valid form: %s", kpid_form_status_text(st));
    json_t *index = json_object();
    for (size_t i = 0; i < form.n; i++)
        if (json_object_get(index, form.pairs[i].key) == NULL)
            json_object_set_new(index, form.pairs[i].key, json_string(form.pairs[i].value));
    kpid_form_free(&form);
    return index;
}

/* The distinct key prefixes of a form matching `pattern`, in order of first appearance. */
static json_t *form_items(const json_t *index, const char *pattern, struct failure *f)
{
    json_t *prefixes = json_array();
    json_t *seen = json_object();
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)(uintptr_t)index, key, value)
    {
        size_t n = kpid_form_key_prefix(key, strlen(key), pattern, strlen(pattern));
        if (n == 0 || json_object_getn(seen, key, n) != NULL)
            continue;
        if (json_array_size(prefixes) == KPID_MAP_MAX_ITEMS) {
            json_decref(seen);
            json_decref(prefixes);
            return fail(f, "more than %d items match %s", KPID_MAP_MAX_ITEMS, pattern);
        }
        json_object_setn_new(seen, key, n, json_true());
        json_array_append_new(prefixes, json_stringn(key, n));
    }
    json_decref(seen);
    return prefixes;
}

/* Maps each entry of list - a JSON item, or with a form index a key prefix - to an object. */
static json_t *map_list(const json_t *map, const json_t *form, const json_t *list,
                        const char *source_name, struct failure *f)
{
    json_t *out = json_array();
    size_t i;
    json_t *entry;
    json_array_foreach(list, i, entry)
    {
        struct item it = {.doc = entry};
        if (form != NULL)
            it = (struct item){.form = form, .prefix = json_string_value(entry)};
        json_t *obj = map_item(map, &it, i, source_name, f);
        if (obj == NULL) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, obj);
    }
    return out;
}

/* Maps every item of a form body. */
static json_t *apply_form(const json_t *map, const char *source_name, const char *body, size_t len,
                          struct failure *f)
{
    json_t *index = form_index(body, len, f);
    if (index == NULL)
        return NULL;
    const char *pattern = json_string_value(json_object_get(map, "items"));
    json_t *prefixes = pattern ? form_items(index, pattern, f) : json_pack("[s]", "");
    json_t *out = NULL;
    if (prefixes != NULL && json_array_size(prefixes) == 0)
        fail(f, "no form keys match the items pattern %s", pattern);
    else if (prefixes != NULL)
        out = map_list(map, index, prefixes, source_name, f);
    json_decref(prefixes);
    json_decref(index);
    return out;
}

/* Maps every item of a JSON body. */
static json_t *apply_json(const json_t *map, const char *source_name, const char *body, size_t len,
                          struct failure *f)
{
    json_error_t err;
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (doc == NULL)
        return fail(f, "the body is not valid JSON: %s (line %d, column %d)", err.text, err.line,
                    err.column);
    const char *items_at = json_string_value(json_object_get(map, "items"));
    json_t *items = items_at ? kpid_pointer_get(doc, items_at, strlen(items_at)) : doc;
    json_t *out = NULL;
    if (items_at != NULL && !json_is_array(items) && !json_is_object(items))
        fail(f, "no array or object at the items pointer %s", items_at);
    else if (json_is_array(items) && json_array_size(items) == 0)
        fail(f, "the items array is empty");
    else if (json_is_array(items) && json_array_size(items) > KPID_MAP_MAX_ITEMS)
        fail(f, "more than %d items", KPID_MAP_MAX_ITEMS);
    else if (json_is_array(items))
        out = map_list(map, NULL, items, source_name, f);
    else {
        json_t *one = json_pack("[O]", items);
        out = map_list(map, NULL, one, source_name, f);
        json_decref(one);
    }
    json_decref(doc);
    return out;
}

json_t *kpid_field_map_apply(const json_t *map, enum kpid_payload_kind payload,
                             const char *source_name, const char *body, size_t len, char *error,
                             size_t error_size)
{
    struct failure f = {error, error_size};
    snprintf(error, error_size, "out of memory");
    return payload == KPID_PAYLOAD_FORM ? apply_form(map, source_name, body, len, &f)
                                        : apply_json(map, source_name, body, len, &f);
}
