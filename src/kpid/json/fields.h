/* Declarative decoding of JSON request objects into SQL text parameters, with field-level
 * errors (JSON pointers) for every violation. */
#ifndef KPID_JSON_FIELDS_H
#define KPID_JSON_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum kpid_field_type {
    KPID_FIELD_STRING,    /* up to max_len characters */
    KPID_FIELD_ENUM,      /* one of choices */
    KPID_FIELD_BOOL,      /* true / false only */
    KPID_FIELD_INTEGER,   /* whole number in [min, max] */
    KPID_FIELD_NUMBER,    /* any number in [min, max] */
    KPID_FIELD_MONEY,     /* number in [min, max] with at most 2 decimals */
    KPID_FIELD_TIMESTAMP, /* RFC 3339 with an offset */
    KPID_FIELD_DATE,      /* YYYY-MM-DD */
    KPID_FIELD_UUID,
    KPID_FIELD_OBJECT, /* any JSON object up to KPID_FIELD_OBJECT_DEPTH deep, kept as is */
};

#define KPID_FIELD_OBJECT_DEPTH 8

enum {
    KPID_FIELD_REQUIRED = 1u, /* must be present and not null */
    KPID_FIELD_READONLY = 2u, /* may be sent back (e.g. from a GET) but is ignored */
};

/* One member of a request object. Write spec tables with designated initialisers
 * ({.path = "score", .type = KPID_FIELD_INTEGER, .flags = KPID_FIELD_REQUIRED, .max = 10});
 * what is left out is 0 / NULL. */
struct kpid_field {
    const char *path; /* member name, or "parent/member" for one level of nesting */
    enum kpid_field_type type;
    unsigned flags;
    size_t max_len;             /* STRING: characters */
    double min, max;            /* numbers */
    const char *const *choices; /* ENUM: NULL-terminated */
};

#define KPID_FIELDS_MAX 48

/* Decoded values, by spec index: read them by path with kpid_fields_text, or by a named
 * index (an enum over the spec) with kpid_fields_at. text[i] is the value as SQL text (owned;
 * "t"/"f" for booleans, JSON text for objects), NULL when absent or null; present[i] tells
 * whether the member was in the document at all (a merge patch's null clears, absence keeps). */
struct kpid_fields {
    const struct kpid_field *spec; /* what was decoded */
    size_t n;
    char *text[KPID_FIELDS_MAX];
    bool present[KPID_FIELDS_MAX];
};

/* The decoded text of spec entry `i` (a named index), or NULL. */
static inline const char *kpid_fields_at(const struct kpid_fields *f, size_t i)
{
    return i < KPID_FIELDS_MAX ? f->text[i] : NULL;
}

/* The index of the spec entry with this path ("contact/phone"), or -1. */
int kpid_fields_index(const struct kpid_field *spec, size_t n, const char *path);

/* The decoded text of the member at `path`, or NULL (absent, null, or not in the spec). */
const char *kpid_fields_text(const struct kpid_fields *f, const char *path);

/* Whether the member at `path` was in the object (null included). */
bool kpid_fields_present(const struct kpid_fields *f, const char *path);

/*
 * Decodes obj against spec[0..n). Errors go to `errors` as {field: prefix + "/" + path,
 * message}; members not in the spec are errors too. When `partial` is true (a merge
 * patch), required fields may be absent but not null. Returns the number of errors added.
 */
size_t kpid_fields_decode(const struct kpid_field *spec, size_t n, const json_t *obj,
                          const char *prefix, bool partial, struct kpid_fields *out,
                          json_t *errors);

/* Frees the decoded texts. */
void kpid_fields_clear(struct kpid_fields *f);

/* Whether `member` (a top-level name) is one the spec decodes and stores, not read-only. */
bool kpid_fields_writable(const struct kpid_field *spec, size_t n, const char *member);

/* Adds an error for each member of obj not in the NULL-terminated allowed list. */
void kpid_json_unknown_members(const json_t *obj, const char *const *allowed, const char *prefix,
                               json_t *errors);

/* Whether obj is an object: if not, adds `expected` at pointer and returns false; if so, adds
 * an error for each member not in the NULL-terminated allowed list. */
bool kpid_json_object_members(const json_t *obj, const char *const *allowed, const char *pointer,
                              const char *expected, json_t *errors);

/* Shape checks reused by handlers for path and query values. */
bool kpid_is_uuid(const char *s);
bool kpid_is_timestamp(const char *s); /* RFC 3339 with offset, a real calendar date */
bool kpid_is_date(const char *s);      /* YYYY-MM-DD, a real calendar date */

#endif
