/* The lead's input fields, their limits, and the normalised phone and e-mail. */
#include "kpid/ingest/lead_input.h"

#include "kpid/json/fields.h"
#include "kpid/json/errors.h"
#include "kpid/ingest/doc_write.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NAME = 200, LONG_NAME = 300, PHONE = 50, EMAIL = 320, REASON = 500 };

/* Writable members first, in column order; the read-only ones GET adds come last. */
static const struct kpid_field lead_spec[] = {
    {"source", KPID_FIELD_STRING, 0, NAME, 0, 0, NULL},
    {"external_id", KPID_FIELD_STRING, 0, NAME, 0, 0, NULL},
    {"channel", KPID_FIELD_STRING, KPID_FIELD_REQUIRED, NAME, 0, 0, NULL},
    {"campaign", KPID_FIELD_STRING, 0, NAME, 0, 0, NULL},
    {"utm_source", KPID_FIELD_STRING, 0, NAME, 0, 0, NULL},
    {"utm_medium", KPID_FIELD_STRING, 0, NAME, 0, 0, NULL},
    {"created_at", KPID_FIELD_TIMESTAMP, KPID_FIELD_REQUIRED, 0, 0, 0, NULL},
    {"contact/name", KPID_FIELD_STRING, 0, LONG_NAME, 0, 0, NULL},
    {"contact/phone", KPID_FIELD_STRING, 0, PHONE, 0, 0, NULL},
    {"contact/email", KPID_FIELD_STRING, 0, EMAIL, 0, 0, NULL},
    {"region", KPID_FIELD_STRING, 0, NAME, 0, 0, NULL},
    {"is_valid", KPID_FIELD_BOOL, 0, 0, 0, 0, NULL},
    {"invalid_reason", KPID_FIELD_STRING, 0, REASON, 0, 0, NULL},
    {"is_sql", KPID_FIELD_BOOL, 0, 0, 0, 0, NULL},
    {"is_brand", KPID_FIELD_BOOL, 0, 0, 0, 0, NULL},
    {"first_contact_at", KPID_FIELD_TIMESTAMP, 0, 0, 0, 0, NULL},
    {"meeting_at", KPID_FIELD_TIMESTAMP, 0, 0, 0, 0, NULL},
    {"proposal_at", KPID_FIELD_TIMESTAMP, 0, 0, 0, 0, NULL},
    {"lost_at", KPID_FIELD_TIMESTAMP, 0, 0, 0, 0, NULL},
    {"lost_reason", KPID_FIELD_STRING, 0, REASON, 0, 0, NULL},
    {"attributes", KPID_FIELD_OBJECT, 0, 0, 0, 0, NULL},
    {"id", KPID_FIELD_STRING, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"valid", KPID_FIELD_BOOL, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"duplicate_of", KPID_FIELD_STRING, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"stage", KPID_FIELD_STRING, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"reaction_minutes", KPID_FIELD_NUMBER, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"erased_at", KPID_FIELD_TIMESTAMP, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"ingested_at", KPID_FIELD_TIMESTAMP, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"updated_at", KPID_FIELD_TIMESTAMP, KPID_FIELD_READONLY, 0, 0, 0, NULL},
};
enum {
    N_SPEC = sizeof lead_spec / sizeof lead_spec[0],
    F_SOURCE = 0,
    F_EXTERNAL_ID = 1,
    F_CHANNEL = 2,
    F_NAME = 7,
    F_PHONE = 8,
    F_EMAIL = 9,
    N_WRITABLE = 21,
};

/* The column each writable member is stored in ("contact/phone" -> "contact_phone"). */
static const char *const lead_column[N_WRITABLE] = {
    "source",           "external_id", "channel",        "campaign",      "utm_source",
    "utm_medium",       "created_at",  "contact_name",   "contact_phone", "contact_email",
    "region",           "is_valid",    "invalid_reason", "is_sql",        "is_brand",
    "first_contact_at", "meeting_at",  "proposal_at",    "lost_at",       "lost_reason",
    "attributes",
};

bool kpid_lead_writable(const char *member)
{
    return kpid_fields_writable(lead_spec, N_SPEC, member);
}

char *kpid_phone_norm(const char *phone)
{
    char digits[64];
    size_t n = 0;
    for (const char *p = phone; *p != '\0' && n < sizeof digits - 1; p++)
        if (isdigit((unsigned char)*p))
            digits[n++] = *p;
    digits[n] = '\0';
    return n >= 10 && n <= 15 ? strdup(digits) : NULL;
}

char *kpid_email_norm(const char *email)
{
    while (isspace((unsigned char)*email))
        email++;
    size_t n = strlen(email);
    while (n > 0 && isspace((unsigned char)email[n - 1]))
        n--;
    char *norm = strndup(email, n);
    if (norm == NULL)
        return NULL;
    for (char *p = norm; *p != '\0'; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *at = strrchr(norm, '@');
    const char *dot = at ? strchr(at + 1, '.') : NULL;
    bool usable = at != NULL && at > norm && dot != NULL && dot > at + 1 && dot[1] != '\0' &&
                  norm[n - 1] != '.' && strpbrk(norm, " \t\r\n") == NULL;
    if (!usable) {
        free(norm);
        return NULL;
    }
    return norm;
}

static void set_norm(json_t *doc, const char *column, char *norm)
{
    json_object_set_new(doc, column, norm ? json_string(norm) : json_null());
    free(norm);
}

/* The flat document of a decoded lead. */
static json_t *build_doc(const json_t *lead, const struct kpid_fields *f)
{
    json_t *doc = json_object();
    const json_t *contact = json_object_get(lead, "contact");
    for (size_t i = 0; i < N_WRITABLE; i++) {
        /* "contact": null clears the whole contact */
        bool cleared = json_is_null(contact) && i >= F_NAME && i <= F_EMAIL;
        if (!f->present[i] && !cleared)
            continue;
        const char *slash = strchr(lead_spec[i].path, '/');
        /* the input outlives the document and neither is changed: share the value */
        json_t *v =
            slash ? json_object_get(contact, slash + 1) : json_object_get(lead, lead_column[i]);
        json_object_set_new(doc, lead_column[i], v ? json_incref(v) : json_null());
    }
    if (json_object_get(doc, "contact_phone") != NULL)
        set_norm(doc, "phone_norm", f->text[F_PHONE] ? kpid_phone_norm(f->text[F_PHONE]) : NULL);
    if (json_object_get(doc, "contact_email") != NULL)
        set_norm(doc, "email_norm", f->text[F_EMAIL] ? kpid_email_norm(f->text[F_EMAIL]) : NULL);
    return doc;
}

size_t kpid_lead_decode(const json_t *lead, const char *prefix, bool patch, json_t **doc,
                        json_t *errors)
{
    struct kpid_fields f;
    size_t before = json_array_size(errors);
    kpid_fields_decode(lead_spec, N_SPEC, lead, prefix, patch, &f, errors);
    static const int keys[] = {F_SOURCE, F_EXTERNAL_ID, F_CHANNEL};
    kpid_doc_check_keys("lead", lead_spec, &f, keys, sizeof keys / sizeof keys[0], prefix, patch,
                        errors);
    size_t added = json_array_size(errors) - before;
    if (added == 0 && doc != NULL)
        *doc = build_doc(lead, &f);
    kpid_fields_clear(&f);
    return added;
}
