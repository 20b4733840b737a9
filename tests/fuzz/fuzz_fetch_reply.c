/* libFuzzer harness: what a CRM answers a fetch. The input, as a reply's body, goes through
 * each preset's fetched map as {"record": reply, "contact": reply}; and, as a record id, into
 * a request URL, which must then be the configured base, the path and nothing but digits. */
#include "kpid/enums.h"
#include "kpid/webhook/fetch_url.h"
#include "kpid/webhook/map.h"
#include "kpid/webhook/preset.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    json_object_seed(1);
    return 0;
}

static void map_reply(const char *text, size_t len)
{
    json_t *reply = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(reply)) {
        json_decref(reply);
        return;
    }
    json_t *doc = json_pack("{s:O,s:O}", "record", reply, "contact", reply);
    char *body = json_dumps(doc, JSON_COMPACT);
    for (const char *const *name = kpid_source_presets; *name != NULL && body; name++) {
        const struct kpid_preset *p = kpid_preset_find(*name);
        if (p->fetch.lead_map == NULL)
            continue;
        json_t *map = json_loads(p->fetch.lead_map, 0, NULL);
        char error[256];
        json_t *items = kpid_field_map_apply(map, KPID_PAYLOAD_JSON, "crm", body, strlen(body),
                                             error, sizeof error);
        if (items != NULL && json_array_size(items) != 1)
            abort(); /* a fetched record is one item */
        json_decref(items);
        json_decref(map);
    }
    free(body);
    json_decref(doc);
    json_decref(reply);
}

static void build_url(const char *id)
{
    static const char base[] = "https://crm.example/rest/1/code/";
    char *url = kpid_fetch_url_build(base, "crm.lead.get?id={id}", id);
    if (url == NULL)
        return;
    size_t prefix = strlen(base) + strlen("crm.lead.get?id=");
    if (strncmp(url, base, strlen(base)) != 0 || strlen(url) == prefix ||
        strspn(url + prefix, "0123456789") != strlen(url + prefix))
        abort(); /* the id changed more than the record it names */
    free(url);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    map_reply(text, size);
    build_url(text);
    free(text);
    return 0;
}
