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

#define MAX_WHERE 256  /* characters of a "from" or "items" */
#define MAX_VALUES 200 /* entries of a "values" lookup or a "when" list */

static const char *const entry_members[] = {"from",      "convert",     "const", "values",
                                            "on_create", "received_at", NULL};

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

/* "values": {"<received value>": <value to set>, ...}: a lookup of a from's value. */
static void check_values(const json_t *values, bool with_from, const char *at, json_t *errors)
{
    if (!with_from) {
        kpid_json_error_add(errors, at, "applies only with from");
        return;
    }
    if (!json_is_object(values) || json_object_size(values) == 0 ||
        json_object_size(values) > MAX_VALUES) {
        kpid_json_error_add(errors, at, "must be an object of 1 to %d received values", MAX_VALUES);
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)(uintptr_t)values, key, v)
    {
        if (json_is_object(v) || json_is_array(v)) {
            kpid_json_error_add(errors, at, "%s: must map to a string, number, boolean or null",
                                key);
            return;
        }
    }
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
    const json_t *received = json_object_get(entry, "received_at");
    const json_t *values = json_object_get(entry, "values");
    const json_t *once = json_object_get(entry, "on_create");
    int sources = (from != NULL) + (cst != NULL) + (received != NULL);
    if (sources > 1)
        kpid_json_error_add(errors, at, "give one of from, const and received_at");
    else if (sources == 0)
        kpid_json_error_add(errors, at,
                            "needs from (where the value is), const (a fixed value) or "
                            "received_at (when kpid received the delivery)");
    if (received != NULL && !json_is_true(received)) {
        snprintf(ptr, sizeof ptr, "%s/received_at", at);
        kpid_json_error_add(errors, ptr, "can only be true");
    }
    if (once != NULL && !json_is_boolean(once)) {
        snprintf(ptr, sizeof ptr, "%s/on_create", at);
        kpid_json_error_add(errors, ptr, "must be true or false");
    }
    if (values != NULL) {
        snprintf(ptr, sizeof ptr, "%s/values", at);
        check_values(values, from != NULL, ptr, errors);
    }
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
                                "must be one of unix_seconds, unix_ms, yn_bool, string, number");
    }
    kpid_json_unknown_members(entry, entry_members, at, errors);
}

/* "when": {"<where>": ["accepted value", ...], ...}: the items a map takes. */
static void check_when(const json_t *when, enum kpid_payload_kind payload, const char *at,
                       json_t *errors)
{
    if (!json_is_object(when) || json_object_size(when) == 0) {
        kpid_json_error_add(errors, at, "must be an object of where -> accepted values");
        return;
    }
    const char *where;
    json_t *list;
    json_object_foreach((json_t *)(uintptr_t)when, where, list)
    {
        char ptr[224];
        member_pointer(ptr, sizeof ptr, at, where, "");
        json_t *w = json_string(where);
        if (!where_valid(payload, w))
            kpid_json_error_add(errors, ptr, "%s", where_hint(payload));
        json_decref(w);
        bool ok =
            json_is_array(list) && json_array_size(list) > 0 && json_array_size(list) <= MAX_VALUES;
        size_t i;
        json_t *v;
        json_array_foreach(list, i, v) ok &= json_is_string(v) || json_is_number(v);
        if (!ok)
            kpid_json_error_add(errors, ptr, "must be an array of 1 to %d strings or numbers",
                                MAX_VALUES);
    }
}

/* "erase": {"when": {...}, "items": "<form key pattern>", "external_id": <entry>}: the items
 * that erase a lead - those under the pattern (a form's items only) holding the values. */
static void check_erase(const json_t *erase, enum kpid_payload_kind payload,
                        enum kpid_target_kind target, const char *at, json_t *errors)
{
    static const char *const members[] = {"when", "items", "external_id", NULL};
    char ptr[224];
    if (target != KPID_TARGET_LEAD || !json_is_object(erase)) {
        kpid_json_error_add(errors, at, "%s",
                            target != KPID_TARGET_LEAD
                                ? "only leads are erased"
                                : "must be an object with when (or items) and external_id");
        return;
    }
    kpid_json_unknown_members(erase, members, at, errors);
    const json_t *items = json_object_get(erase, "items");
    snprintf(ptr, sizeof ptr, "%s/items", at);
    if (items != NULL && (payload != KPID_PAYLOAD_FORM || !where_valid(payload, items)))
        kpid_json_error_add(errors, ptr,
                            "a form key pattern such as leads[delete][*] (forms only)");
    snprintf(ptr, sizeof ptr, "%s/when", at);
    if (items == NULL || json_object_get(erase, "when") != NULL)
        check_when(json_object_get(erase, "when"), payload, ptr, errors);
    snprintf(ptr, sizeof ptr, "%s/external_id", at);
    check_entry(json_object_get(erase, "external_id"), payload, ptr, errors);
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
        if (strcmp(key, "when") == 0) {
            check_when(entry, payload, at, errors);
            continue;
        }
        if (strcmp(key, "erase") == 0) {
            check_erase(entry, payload, target, at, errors);
            continue;
        }
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
    const json_t *doc;       /* JSON payload: the item's value */
    const json_t *form;      /* form payload: {key: first value} of the whole body */
    const char *prefix;      /* form payload with items: the item's key prefix, else "" */
    const char *received_at; /* when kpid received the delivery (RFC 3339) */
};

/* Where a failure is described, and what else applying a map needs to know. */
struct failure {
    char *text;
    size_t size;
    const char *received_at;
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

/* The form value of key, in which each segment "[name=value]" selects the list element N
 * whose "[N][name]" is value: "custom_fields[id=752009][values][0][value]". */
static json_t *form_get(const json_t *form, const char *key)
{
    const char *sel = strchr(key, '=');
    if (sel == NULL)
        return json_incref(json_object_get(form, key));
    const char *open = sel, *close = strchr(sel, ']');
    while (open > key && *open != '[')
        open--;
    if (*open != '[' || close == NULL)
        return NULL;
    size_t before = (size_t)(open - key), name = (size_t)(sel - open - 1);
    size_t want = (size_t)(close - sel - 1), rest = strlen(close + 1);
    char *probe = malloc(before + name + rest + 32);
    json_t *found = NULL;
    for (int n = 0; probe != NULL && n < KPID_FORM_MAX_FIELDS && found == NULL; n++) {
        sprintf(probe, "%.*s[%d][%.*s]", (int)before, key, n, (int)name, open + 1);
        const json_t *v = json_object_get(form, probe);
        if (v == NULL)
            break; /* the list ends */
        if (json_string_length(v) == want && memcmp(json_string_value(v), sel + 1, want) == 0) {
            sprintf(probe, "%.*s[%d]%s", (int)before, key, n, close + 1);
            found = form_get(form, probe);
        }
    }
    free(probe);
    return found;
}

/* The value `from` names in the item (a new reference), or NULL when it is absent. */
static json_t *lookup(const struct item *it, const char *from)
{
    if (it->form == NULL)
        return json_incref(kpid_pointer_get(it->doc, from, strlen(from)));
    if (it->prefix[0] == '\0')
        return form_get(it->form, from);
    /* relative "custom_fields[0][value]" under "leads[add][0]" is
     * "leads[add][0][custom_fields][0][value]" */
    size_t name = strcspn(from, "[");
    char *key = malloc(strlen(it->prefix) + strlen(from) + 3);
    if (key == NULL)
        return NULL;
    sprintf(key, "%s[%.*s]%s", it->prefix, (int)name, from, from + name);
    json_t *v = form_get(it->form, key);
    free(key);
    return v;
}

/* A Unix time in units per second (1 or 1000) as an RFC 3339 timestamp. */
static json_t *unix_time(const json_t *v, long long units, const char **why)
{
    long long value = -1;
    if (json_is_integer(v)) {
        value = json_integer_value(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = strlen(s);
        if (n > 0 && n <= 15 && strspn(s, "0123456789") == n)
            value = strtoll(s, NULL, 10);
    }
    /* up to 9999-12-31T23:59:59Z */
    if (value < 0 || value / units > 253402300799LL) {
        *why = units == 1 ? "is not unix seconds" : "is not unix milliseconds";
        return NULL;
    }
    time_t t = (time_t)(value / units);
    struct tm tm;
    char text[40];
    gmtime_r(&t, &tm);
    size_t n = strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    if (units == 1000)
        snprintf(text + n, sizeof text - n, ".%03lldZ", value % 1000);
    else
        snprintf(text + n, sizeof text - n, "Z");
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
        return unix_time(v, 1, why);
    if (strcmp(conv, "unix_ms") == 0)
        return unix_time(v, 1000, why);
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

/* A string or number as text ("" for anything else), for lookups and filters. */
static void value_text(const json_t *v, char *out, size_t size)
{
    if (json_is_string(v))
        snprintf(out, size, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        snprintf(out, size, "%.17g", json_real_value(v));
    else
        out[0] = '\0';
}

/* Whether the item passes the map's "when" filter (every where holds an accepted value). */
static bool wanted(const json_t *map, const struct item *it)
{
    const json_t *when = json_object_get(map, "when");
    const char *where;
    json_t *list;
    json_object_foreach((json_t *)(uintptr_t)when, where, list)
    {
        json_t *v = lookup(it, where);
        char have[256], accepted[256];
        value_text(v, have, sizeof have);
        bool found = false;
        size_t i;
        json_t *a;
        json_array_foreach(list, i, a)
        {
            value_text(a, accepted, sizeof accepted);
            found |= v != NULL && strcmp(have, accepted) == 0;
        }
        json_decref(v);
        if (!found)
            return false;
    }
    return true;
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
        if (strcmp(field, "items") == 0 || strcmp(field, "when") == 0 ||
            strcmp(field, "erase") == 0)
            continue;
        json_t *cst = json_object_get(entry, "const");
        if (cst != NULL) {
            set_path(out, field, json_incref(cst));
            continue;
        }
        if (json_object_get(entry, "received_at") != NULL) {
            set_path(out, field, json_string(it->received_at));
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
        const json_t *values = json_object_get(entry, "values");
        if (values != NULL) {
            char key[80];
            value_text(v, key, sizeof key);
            json_t *to = json_object_get(values, key);
            if (to == NULL) {
                json_decref(v);
                json_decref(out);
                return fail(f, "item %zu: %s (from %s): %s is not one of its values", index, field,
                            from, key);
            }
            json_decref(v);
            if (json_is_null(to))
                continue;
            v = json_incref(to);
        }
        set_path(out, field, v);
    }
    if (json_object_get(out, "source") == NULL)
        json_object_set_new(out, "source", json_string(source_name));
    return out;
}

/* {"$erase": true, "external_id", "source"} for an item the map's "erase" takes. */
static json_t *erase_item(const json_t *map, const json_t *erase, const struct item *it,
                          size_t index, const char *source_name, struct failure *f)
{
    json_t *view = json_pack("{s:O}", "external_id", json_object_get(erase, "external_id"));
    if (json_object_get(map, "source") != NULL)
        json_object_set(view, "source", json_object_get(map, "source"));
    json_t *obj = map_item(view, it, index, source_name, f);
    json_decref(view);
    if (obj != NULL && !json_is_string(json_object_get(obj, "external_id"))) {
        json_decref(obj);
        return fail(f, "item %zu: the erase has no external_id", index);
    }
    if (obj != NULL)
        json_object_set_new(obj, KPID_MAP_ERASE, json_true());
    return obj;
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

/* Whether the map's erase takes the item: it is under the erase's items pattern, if any, and
 * holds its when values. */
static bool erases(const json_t *erase, const struct item *it)
{
    const char *pattern = json_string_value(json_object_get(erase, "items"));
    if (pattern != NULL) {
        size_t n = it->prefix ? strlen(it->prefix) : 0;
        if (n == 0 || kpid_form_key_prefix(it->prefix, n, pattern, strlen(pattern)) != n)
            return false;
    }
    return wanted(erase, it);
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
        struct item it = {.doc = entry, .received_at = f->received_at};
        if (form != NULL)
            it = (struct item){
                .form = form, .prefix = json_string_value(entry), .received_at = f->received_at};
        const json_t *erase = json_object_get(map, "erase");
        json_t *obj;
        if (erase != NULL && erases(erase, &it))
            obj = erase_item(map, erase, &it, i, source_name, f);
        else if (!wanted(map, &it))
            continue;
        else
            obj = map_item(map, &it, i, source_name, f);
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
    return kpid_field_map_apply_at(map, payload, source_name, NULL, body, len, error, error_size);
}

json_t *kpid_field_map_on_create(const json_t *map)
{
    json_t *fields = json_array();
    const char *field;
    json_t *entry;
    json_object_foreach((json_t *)(uintptr_t)map, field, entry)
    {
        if (json_is_true(json_object_get(entry, "on_create")))
            json_array_append_new(fields, json_string(field));
    }
    return fields;
}

json_t *kpid_field_map_apply_at(const json_t *map, enum kpid_payload_kind payload,
                                const char *source_name, const char *received_at, const char *body,
                                size_t len, char *error, size_t error_size)
{
    char now[32];
    if (received_at == NULL) {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        received_at = now;
    }
    struct failure f = {error, error_size, received_at};
    snprintf(error, error_size, "out of memory");
    return payload == KPID_PAYLOAD_FORM ? apply_form(map, source_name, body, len, &f)
                                        : apply_json(map, source_name, body, len, &f);
}
