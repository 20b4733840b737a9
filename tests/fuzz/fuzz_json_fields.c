/* libFuzzer harness: a request body as kpid decodes it - jansson with kpid's parse flags, then
 * kpid_fields_decode against a lead-shaped field spec (full and merge-patch), and the error
 * list serialised as a reply would be. */
#include "kpid/http/fields.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char *const stages[] = {"new", "contacted", "meeting", "proposal",
                                     "won", "lost",      NULL};

/* Every field type, nesting and flag the decoder knows, shaped like a lead. */
static const struct kpid_field spec[] = {
    {"source", KPID_FIELD_STRING, 0, 100, 0, 0, NULL},
    {"external_id", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"channel", KPID_FIELD_STRING, KPID_FIELD_REQUIRED, 100, 0, 0, NULL},
    {"created_at", KPID_FIELD_TIMESTAMP, KPID_FIELD_REQUIRED, 0, 0, 0, NULL},
    {"contact/name", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"contact/email", KPID_FIELD_STRING, 0, 320, 0, 0, NULL},
    {"is_valid", KPID_FIELD_BOOL, 0, 0, 0, 0, NULL},
    {"stage", KPID_FIELD_ENUM, 0, 0, 0, 0, stages},
    {"score", KPID_FIELD_INTEGER, 0, 0, 0, 10, NULL},
    {"amount", KPID_FIELD_MONEY, 0, 0, 0, 1e12, NULL},
    {"ratio", KPID_FIELD_NUMBER, 0, 0, -1e6, 1e6, NULL},
    {"date", KPID_FIELD_DATE, 0, 0, 0, 0, NULL},
    {"lead_id", KPID_FIELD_UUID, 0, 0, 0, 0, NULL},
    {"attributes", KPID_FIELD_OBJECT, 0, 0, 0, 0, NULL},
    {"id", KPID_FIELD_UUID, KPID_FIELD_READONLY, 0, 0, 0, NULL},
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    json_object_seed(1); /* reproducible hashing (kpid seeds randomly) */
    return 0;
}

static void decode(const json_t *obj, const char *prefix, bool partial)
{
    json_t *errors = json_array();
    struct kpid_fields out;
    size_t n =
        kpid_fields_decode(spec, sizeof spec / sizeof spec[0], obj, prefix, partial, &out, errors);
    if (n != json_array_size(errors))
        abort();
    char *reply = json_dumps(errors, JSON_COMPACT | JSON_PRESERVE_ORDER);
    free(reply);
    kpid_fields_clear(&out);
    json_decref(errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t err;
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
    if (doc == NULL)
        return 0;
    if (json_is_object(doc)) {
        decode(doc, "", false);
        decode(doc, "/items/7", true);
    }
    json_decref(doc);
    return 0;
}
