/* libFuzzer harness: webhook delivery bodies. Form bodies through kpid_form_parse and the
 * bracketed-key helpers; both form and JSON bodies through kpid_field_map_apply with the
 * README's amoCRM and generic JSON maps (the first input byte picks which). */
#include "kpid/webhook/form.h"
#include "kpid/webhook/map.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static json_t *form_map, *json_map;

static json_t *checked_map(const char *text, enum kpid_payload_kind payload)
{
    json_t *map = json_loads(text, 0, NULL);
    json_t *errors = json_array();
    if (map == NULL || kpid_field_map_check(map, payload, KPID_TARGET_LEAD, "", errors) != 0)
        abort();
    json_decref(errors);
    return map;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    json_object_seed(1);
    form_map = checked_map(
        "{\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"
        "\"created_at\":{\"from\":\"date_create\",\"convert\":\"unix_seconds\"},"
        "\"contact/name\":{\"from\":\"name\"},"
        "\"contact/phone\":{\"from\":\"custom_fields[0][values][0][value]\"},"
        "\"attributes/price\":{\"from\":\"price\",\"convert\":\"number\"},"
        "\"is_sql\":{\"from\":\"sql\",\"convert\":\"yn_bool\"},\"channel\":{\"const\":\"amocrm\"}}",
        KPID_PAYLOAD_FORM);
    json_map = checked_map(
        "{\"items\":\"/leads\",\"external_id\":{\"from\":\"/id\",\"convert\":\"string\"},"
        "\"created_at\":{\"from\":\"/created\",\"convert\":\"unix_seconds\"},"
        "\"channel\":{\"from\":\"/utm/source\"},\"contact/name\":{\"from\":\"/client/name\"},"
        "\"attributes/score\":{\"from\":\"/score\",\"convert\":\"number\"},"
        "\"is_sql\":{\"from\":\"/qualified\",\"convert\":\"yn_bool\"}}",
        KPID_PAYLOAD_JSON);
    return 0;
}

static void check_form(const char *body, size_t len)
{
    struct kpid_form form;
    if (kpid_form_parse(body, len, KPID_FORM_MAX_FIELDS, &form) != KPID_FORM_OK)
        return;
    if (form.n > KPID_FORM_MAX_FIELDS)
        abort();
    for (size_t i = 0; i < form.n; i++) {
        const char *key = form.pairs[i].key;
        size_t n = strlen(key);
        if (kpid_form_key_valid(key, n) && kpid_form_key_prefix(key, n, "leads[*][*]", 11) > n)
            abort();
        if (kpid_form_get(&form, key) == NULL)
            abort();
    }
    kpid_form_free(&form);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    bool form = data[0] & 1;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    if (form)
        check_form(body, len);
    char error[256];
    json_t *items = kpid_field_map_apply(form ? form_map : json_map,
                                         form ? KPID_PAYLOAD_FORM : KPID_PAYLOAD_JSON, "crm", body,
                                         len, error, sizeof error);
    if (items == NULL && memchr(error, '\0', sizeof error) == NULL)
        abort(); /* a failure says why */
    if (items != NULL && (!json_is_array(items) || json_array_size(items) == 0))
        abort(); /* a success has at least one item */
    json_decref(items);
    return 0;
}
