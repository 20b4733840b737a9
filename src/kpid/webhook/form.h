/* application/x-www-form-urlencoded bodies as CRMs post them (amoCRM/Kommo, Bitrix24): the
 * decoder, and the bracketed keys such bodies use ("leads[add][0][name]"). Pure functions over
 * (bytes, length), safe on untrusted input. */
#ifndef KPID_WEBHOOK_FORM_H
#define KPID_WEBHOOK_FORM_H

#include <stdbool.h>
#include <stddef.h>

/* The most fields kpid decodes from one webhook body. */
#define KPID_FORM_MAX_FIELDS 2000

/* One decoded field: NUL-terminated, valid UTF-8 without NUL characters. */
struct kpid_form_pair {
    const char *key;
    const char *value;
};

struct kpid_form {
    struct kpid_form_pair *pairs; /* in body order; repeated keys are kept */
    size_t n;
    char *text; /* the decoded bytes the pairs point into */
};

enum kpid_form_status {
    KPID_FORM_OK,
    KPID_FORM_TOO_MANY,   /* more than max_fields fields */
    KPID_FORM_BAD_ESCAPE, /* '%' not followed by two hex digits */
    KPID_FORM_BAD_TEXT,   /* a decoded key or value is not UTF-8, or holds a NUL */
    KPID_FORM_NO_MEMORY,
};

/*
 * Decodes body[0..len): fields separated by '&', key and value by the first '=', '+' read as
 * a space and %XX as the byte XX, in keys and values alike. Empty fields ("a=1&&b=2") are
 * skipped; a field without '=' has an empty value. On KPID_FORM_OK *out holds the fields
 * (free them with kpid_form_free); on any other status *out is empty.
 */
enum kpid_form_status kpid_form_parse(const char *body, size_t len, size_t max_fields,
                                      struct kpid_form *out);

void kpid_form_free(struct kpid_form *form);

/* A short English description of a status, for error messages. */
const char *kpid_form_status_text(enum kpid_form_status status);

/* The value of the first field called key, or NULL. */
const char *kpid_form_get(const struct kpid_form *form, const char *key);

/*
 * Bracketed keys: "leads[add][0][name]" is the name "leads" and the segments "add", "0",
 * "name". A valid key has a non-empty name without brackets, then zero or more "[segment]"s
 * whose text holds no bracket, and nothing after the last one.
 */
bool kpid_form_key_valid(const char *key, size_t len);

/*
 * When key (a valid bracketed key) starts with a key matching `pattern` - a valid
 * bracketed key in which a segment "*" matches any one segment, as in "leads[*][*]" - returns
 * the length of key's matching prefix ("leads[add][0]" of "leads[add][0][name]"), else 0.
 */
size_t kpid_form_key_prefix(const char *key, size_t key_len, const char *pattern,
                            size_t pattern_len);

/*
 * A copy of body[0..len) without the fields whose key's name (before any "[") is name:
 * "a=1&auth[member_id]=x&b=2" without "auth" is "a=1&b=2". The kept fields stay byte for
 * byte as sent. Returns a NUL-terminated malloc'd copy and its length, or NULL.
 */
char *kpid_form_without(const char *body, size_t len, const char *name, size_t *out_len);

#endif
