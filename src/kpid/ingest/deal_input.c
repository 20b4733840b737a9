/* The deal's input fields and the rules between them. */
#include "kpid/ingest/deal_input.h"
#include "kpid/enums.h"

#include "kpid/json/fields.h"
#include "kpid/json/errors.h"
#include "kpid/ingest/doc_write.h"

#include <stdio.h>
#include <string.h>

#define MONEY_MAX 99999999999999.0 /* numeric(16,2) */

static const struct kpid_field deal_spec[] = {
    {"source", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"external_id", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"lead_id", KPID_FIELD_UUID, 0, 0, 0, 0, NULL},
    {"lead_external_id", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"client_ref", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"is_new_client", KPID_FIELD_BOOL, 0, 0, 0, 0, NULL},
    {"channel", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"amount", KPID_FIELD_MONEY, KPID_FIELD_REQUIRED, 0, 0, MONEY_MAX, NULL},
    {"gross_margin", KPID_FIELD_MONEY, 0, 0, -MONEY_MAX, MONEY_MAX, NULL},
    {"status", KPID_FIELD_ENUM, 0, 0, 0, 0, kpid_deal_statuses},
    {"created_at", KPID_FIELD_TIMESTAMP, 0, 0, 0, 0, NULL},
    {"closed_at", KPID_FIELD_TIMESTAMP, 0, 0, 0, 0, NULL},
    {"id", KPID_FIELD_STRING, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"ingested_at", KPID_FIELD_TIMESTAMP, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"updated_at", KPID_FIELD_TIMESTAMP, KPID_FIELD_READONLY, 0, 0, 0, NULL},
};
enum {
    N_SPEC = sizeof deal_spec / sizeof deal_spec[0],
    F_SOURCE = 0,
    F_EXTERNAL_ID = 1,
    F_LEAD_ID = 2,
    F_LEAD_EXTERNAL_ID = 3,
    F_CHANNEL = 6,
    F_STATUS = 9,
    F_CLOSED_AT = 11,
    N_WRITABLE = 12,
};

bool kpid_deal_writable(const char *member)
{
    return kpid_fields_writable(deal_spec, N_SPEC, member);
}

static void check_rules(const struct kpid_fields *f, const char *prefix, bool patch, json_t *errors)
{
    static const int keys[] = {F_SOURCE, F_EXTERNAL_ID, F_LEAD_EXTERNAL_ID, F_CHANNEL};
    kpid_doc_check_keys("deal", deal_spec, f, keys, sizeof keys / sizeof keys[0], prefix, patch,
                        errors);
    char pointer[160];
    if (f->text[F_LEAD_ID] != NULL && f->text[F_LEAD_EXTERNAL_ID] != NULL) {
        snprintf(pointer, sizeof pointer, "%s/lead_external_id", prefix);
        kpid_json_error_add(errors, pointer, "give lead_id or lead_external_id, not both");
    }
    const char *status = f->text[F_STATUS];
    bool closing = status != NULL && strcmp(status, "open") != 0;
    /* a patch may rely on the stored closed_at; the write checks the merged deal */
    if (closing && f->text[F_CLOSED_AT] == NULL && (!patch || f->present[F_CLOSED_AT])) {
        snprintf(pointer, sizeof pointer, "%s/closed_at", prefix);
        kpid_json_error_add(errors, pointer, "is required when status is won or lost");
    }
}

size_t kpid_deal_decode(const json_t *deal, const char *prefix, bool patch, json_t **doc,
                        json_t *errors)
{
    struct kpid_fields f;
    size_t before = json_array_size(errors);
    kpid_fields_decode(deal_spec, N_SPEC, deal, prefix, patch, &f, errors);
    check_rules(&f, prefix, patch, errors);
    size_t added = json_array_size(errors) - before;
    if (added == 0 && doc != NULL) {
        *doc = json_object();
        for (size_t i = 0; i < N_WRITABLE; i++) {
            const json_t *v = json_object_get(deal, deal_spec[i].path);
            if (f.present[i])
                json_object_set_new(*doc, deal_spec[i].path, json_deep_copy(v));
        }
    }
    kpid_fields_clear(&f);
    return added;
}
