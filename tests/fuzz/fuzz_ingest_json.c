/* libFuzzer harness: a request body as POST/PATCH /v1/leads and /v1/deals decode it - jansson
 * with kpid's parse flags, then the lead and deal decoders (whole object and merge patch),
 * the flat document they build, and the error list serialised as a reply would be. */
#include "kpid/ingest/deal_write.h"
#include "kpid/ingest/lead_write.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    json_object_seed(1); /* reproducible hashing (kpid seeds randomly) */
    return 0;
}

static void decode(const struct kpid_ingest_resource *r, const json_t *obj, const char *prefix,
                   bool patch)
{
    json_t *errors = json_array();
    json_t *doc = NULL;
    size_t n = kpid_ingest_decode(r, obj, prefix, patch, &doc, errors);
    if (n != json_array_size(errors) || (n == 0) != (doc != NULL))
        abort(); /* errors counted as added, and a document exactly when there are none */
    char *text = json_dumps(n ? errors : doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (text == NULL)
        abort();
    free(text);
    json_decref(doc);
    json_decref(errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t err;
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
    if (doc == NULL)
        return 0;
    if (json_is_object(doc)) {
        decode(&kpid_lead_resource, doc, "", false);
        decode(&kpid_lead_resource, doc, "/items/7", true);
        decode(&kpid_deal_resource, doc, "", false);
        decode(&kpid_deal_resource, doc, "", true);
    }
    json_decref(doc);
    return 0;
}
