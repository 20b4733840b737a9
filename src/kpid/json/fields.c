/* Decodes request objects field by field according to a spec table, so each handler states
 * its input once, declaratively, and every error names the field that caused it. */
#include "kpid/json/fields.h"

#include "kpid/json/errors.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool real_date(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

static bool date_prefix(const char *s)
{
    return digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' && digits(s + 8, 2) &&
           real_date(num(s, 4), num(s + 5, 2), num(s + 8, 2));
}

bool kpid_is_date(const char *s)
{
    return s != NULL && strlen(s) == 10 && date_prefix(s);
}

/*
 * Whether local time s (validated up to its seconds) behind UTC by west_minutes falls in year
 * 10000 UTC, which RFC 3339 cannot write. Years start at 1900, so none falls before 0001.
 */
static bool past_year_9999(const char *s, int west_minutes)
{
    if (strncmp(s, "9999-12-31", 10) != 0)
        return false;
    int minutes = num(s + 11, 2) * 60 + num(s + 14, 2);
    return minutes + west_minutes >= 24 * 60;
}

bool kpid_is_timestamp(const char *s)
{
    if (s == NULL || strlen(s) < 20 || !date_prefix(s) || (s[10] != 'T' && s[10] != 't'))
        return false;
    const char *t = s + 11;
    if (!digits(t, 2) || t[2] != ':' || !digits(t + 3, 2) || t[5] != ':' || !digits(t + 6, 2) ||
        num(t, 2) > 23 || num(t + 3, 2) > 59 || num(t + 6, 2) > 59)
        return false;
    t += 8;
    if (*t == '.') {
        int n = 0;
        while (isdigit((unsigned char)t[1 + n]))
            n++;
        if (n == 0 || n > 9)
            return false;
        t += 1 + n;
    }
    if ((t[0] == 'Z' || t[0] == 'z') && t[1] == '\0')
        return true;
    /* PostgreSQL takes offsets up to 15:59 */
    if (!((t[0] == '+' || t[0] == '-') && digits(t + 1, 2) && t[3] == ':' && digits(t + 4, 2) &&
          t[6] == '\0' && num(t + 1, 2) <= 15 && num(t + 4, 2) <= 59))
        return false;
    return !past_year_9999(s, t[0] == '-' ? num(t + 1, 2) * 60 + num(t + 4, 2) : 0);
}

bool kpid_fields_writable(const struct kpid_field *spec, size_t n, const char *member)
{
    size_t len = strlen(member);
    for (size_t i = 0; i < n; i++)
        if (strncmp(spec[i].path, member, len) == 0 &&
            (spec[i].path[len] == '\0' || spec[i].path[len] == '/'))
            return !(spec[i].flags & KPID_FIELD_READONLY);
    return false;
}

int kpid_fields_index(const struct kpid_field *spec, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(spec[i].path, path) == 0)
            return (int)i;
    return -1;
}

const char *kpid_fields_text(const struct kpid_fields *f, const char *path)
{
    int i = kpid_fields_index(f->spec, f->n, path);
    return i < 0 ? NULL : kpid_fields_at(f, (size_t)i);
}

bool kpid_fields_present(const struct kpid_fields *f, const char *path)
{
    int i = kpid_fields_index(f->spec, f->n, path);
    return i >= 0 && i < KPID_FIELDS_MAX && f->present[i];
}

bool kpid_is_uuid(const char *s)
{
    if (s == NULL || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int json_depth(const json_t *v)
{
    int deepest = 0;
    const char *k;
    size_t i;
    json_t *child;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)(uintptr_t)v, k, child)
        {
            int d = json_depth(child);
            deepest = d > deepest ? d : deepest;
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, child)
        {
            int d = json_depth(child);
            deepest = d > deepest ? d : deepest;
        }
    } else {
        return 0;
    }
    return deepest + 1;
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return strdup(buf);
}

/* Converts one present, non-null value; returns NULL and sets *why on a violation. */
static char *convert(const struct kpid_field *f, const json_t *v, const char **why)
{
    switch (f->type) {
    case KPID_FIELD_STRING:
    case KPID_FIELD_ENUM:
    case KPID_FIELD_TIMESTAMP:
    case KPID_FIELD_DATE:
    case KPID_FIELD_UUID: {
        if (!json_is_string(v)) {
            *why = "must be a string";
            return NULL;
        }
        const char *s = json_string_value(v);
        if (f->type == KPID_FIELD_STRING && utf8_chars(s) > f->max_len) {
            *why = "is too long";
            return NULL;
        }
        if (f->type == KPID_FIELD_ENUM) {
            const char *const *c = f->choices;
            while (*c != NULL && strcmp(*c, s) != 0)
                c++;
            if (*c == NULL) {
                *why = "is not one of the allowed values";
                return NULL;
            }
        }
        if (f->type == KPID_FIELD_TIMESTAMP && !kpid_is_timestamp(s)) {
            *why = "must be an RFC 3339 timestamp with an offset, e.g. 2025-01-15T10:00:00+03:00";
            return NULL;
        }
        if (f->type == KPID_FIELD_DATE && !kpid_is_date(s)) {
            *why = "must be a date YYYY-MM-DD";
            return NULL;
        }
        if (f->type == KPID_FIELD_UUID && !kpid_is_uuid(s)) {
            *why = "must be a UUID";
            return NULL;
        }
        return strdup(s);
    }
    case KPID_FIELD_BOOL:
        if (!json_is_boolean(v)) {
            *why = "must be true or false";
            return NULL;
        }
        return strdup(json_is_true(v) ? "t" : "f");
    case KPID_FIELD_INTEGER:
    case KPID_FIELD_NUMBER:
    case KPID_FIELD_MONEY: {
        if (!json_is_number(v)) {
            *why = "must be a number";
            return NULL;
        }
        double x = json_number_value(v);
        if (!(x >= f->min && x <= f->max)) {
            *why = x < f->min && f->min == 0 ? "must not be negative" : "is out of range";
            return NULL;
        }
        if (f->type == KPID_FIELD_INTEGER) {
            if (x != floor(x)) {
                *why = "must be a whole number";
                return NULL;
            }
            return format("%.0f", x);
        }
        if (f->type == KPID_FIELD_MONEY) {
            double cents = x * 100;
            if (fabs(cents - round(cents)) > 1e-6 * fmax(1.0, fabs(cents))) {
                *why = "must have at most 2 decimals";
                return NULL;
            }
            return format("%.2f", round(cents) / 100);
        }
        return json_is_integer(v) ? format("%" JSON_INTEGER_FORMAT, json_integer_value(v))
                                  : format("%.17g", x);
    }
    case KPID_FIELD_OBJECT:
        if (!json_is_object(v)) {
            *why = "must be an object";
            return NULL;
        }
        if (json_depth(v) > KPID_FIELD_OBJECT_DEPTH) {
            *why = "is nested too deep";
            return NULL;
        }
        return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    }
    *why = "has an unsupported type";
    return NULL;
}

/* The value at "a" or "a/b" in obj; sets *parent_bad when "a" exists but is not an object. */
static const json_t *lookup(const json_t *obj, const char *path, bool *parent_bad)
{
    const char *slash = strchr(path, '/');
    *parent_bad = false;
    if (slash == NULL)
        return json_object_get(obj, path);
    const json_t *p = json_object_getn(obj, path, (size_t)(slash - path));
    if (p == NULL || json_is_null(p))
        return NULL;
    if (!json_is_object(p)) {
        *parent_bad = true;
        return NULL;
    }
    return json_object_get(p, slash + 1);
}

/* Reports members of obj (at nesting `parent`, "" for the top) that the spec lacks. */
static void unknown_members(const struct kpid_field *spec, size_t n, const json_t *obj,
                            const char *parent, const char *prefix, json_t *errors)
{
    const char *key;
    json_t *value;
    size_t plen = strlen(parent);
    json_object_foreach((json_t *)(uintptr_t)obj, key, value)
    {
        bool known = false, nested = false;
        for (size_t i = 0; i < n && !known; i++) {
            const char *p = spec[i].path;
            if (plen > 0) {
                known = strncmp(p, parent, plen) == 0 && p[plen] == '/' &&
                        strcmp(p + plen + 1, key) == 0;
            } else {
                const char *slash = strchr(p, '/');
                size_t klen = strlen(key);
                nested = slash && (size_t)(slash - p) == klen && strncmp(p, key, klen) == 0;
                known = nested || strcmp(p, key) == 0;
            }
        }
        if (!known) {
            char pointer[200];
            snprintf(pointer, sizeof pointer, "%s/%s%s%s", prefix, parent, plen ? "/" : "", key);
            kpid_json_error_add(errors, pointer, "unknown field");
        } else if (nested && json_is_object(value))
            unknown_members(spec, n, value, key, prefix, errors);
    }
}

/* Adds an error at prefix/path; the pointer is only built when there is an error to report
 * (decoding a batch would otherwise format it for every field of every item). */
static void field_error(json_t *errors, const char *prefix, const char *path, const char *message)
{
    char pointer[160];
    snprintf(pointer, sizeof pointer, "%s/%s", prefix, path);
    kpid_json_error_add(errors, pointer, "%s", message);
}

size_t kpid_fields_decode(const struct kpid_field *spec, size_t n, const json_t *obj,
                          const char *prefix, bool partial, struct kpid_fields *out, json_t *errors)
{
    size_t before = json_array_size(errors);
    char bad_parent[160] = "";
    memset(out, 0, sizeof *out);
    out->spec = spec;
    out->n = n < KPID_FIELDS_MAX ? n : KPID_FIELDS_MAX;
    for (size_t i = 0; i < n && i < KPID_FIELDS_MAX; i++) {
        const struct kpid_field *f = &spec[i];
        bool parent_bad;
        const json_t *v = lookup(obj, f->path, &parent_bad);
        if (parent_bad) {
            char parent[160];
            snprintf(parent, sizeof parent, "%s/%.*s", prefix,
                     (int)(strchr(f->path, '/') - f->path), f->path);
            if (strcmp(parent, bad_parent) != 0) /* once per parent, not per member */
                kpid_json_error_add(errors, parent, "must be an object");
            snprintf(bad_parent, sizeof bad_parent, "%s", parent);
            continue;
        }
        out->present[i] = v != NULL;
        if (f->flags & KPID_FIELD_READONLY)
            continue;
        if (v == NULL || json_is_null(v)) {
            if ((f->flags & KPID_FIELD_REQUIRED) && (v != NULL || !partial))
                field_error(errors, prefix, f->path, "is required");
            continue;
        }
        const char *why = NULL;
        out->text[i] = convert(f, v, &why);
        if (out->text[i] == NULL)
            field_error(errors, prefix, f->path, why ? why : "out of memory");
    }
    unknown_members(spec, n, obj, "", prefix, errors);
    return json_array_size(errors) - before;
}

void kpid_fields_clear(struct kpid_fields *f)
{
    for (size_t i = 0; i < KPID_FIELDS_MAX; i++) {
        free(f->text[i]);
        f->text[i] = NULL;
    }
}

void kpid_json_unknown_members(const json_t *obj, const char *const *allowed, const char *prefix,
                               json_t *errors)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)(uintptr_t)obj, key, value)
    {
        const char *const *a = allowed;
        while (*a != NULL && strcmp(*a, key) != 0)
            a++;
        if (*a == NULL) {
            char pointer[160];
            snprintf(pointer, sizeof pointer, "%s/%s", prefix, key);
            kpid_json_error_add(errors, pointer, "unknown field");
        }
    }
}

bool kpid_json_object_members(const json_t *obj, const char *const *allowed, const char *pointer,
                              const char *expected, json_t *errors)
{
    if (!json_is_object(obj)) {
        kpid_json_error_add(errors, pointer, "%s", expected);
        return false;
    }
    kpid_json_unknown_members(obj, allowed, pointer, errors);
    return true;
}
