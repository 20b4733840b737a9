/* Unit tests for source presets and the field-map features they use: default maps that check,
 * HubSpot's v3 signature, credential fields kept out of stored forms, selectors, unix_ms,
 * when filters, value lookups, erasures and on-create fields. */
#include "kpi_check.h"
#include "kpid/enums.h"
#include "kpid/webhook/form.h"
#include "kpid/webhook/hubspot_signature.h"
#include "kpid/webhook/map.h"
#include "kpid/webhook/preset.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *v = json_loads(text, 0, &err);
    ck_assert_msg(v != NULL, "bad test JSON: %s: %s", err.text, text);
    return v;
}

/* Applies a (checked) map to body at received_at; NULL with error filled on a failure. */
static json_t *apply(const char *map_text, enum kpid_payload_kind payload, const char *body,
                     char error[256])
{
    json_t *map = parse(map_text);
    json_t *errors = json_array();
    kpid_field_map_check(map, payload, KPID_TARGET_LEAD, "", errors);
    ck_assert_msg(json_array_size(errors) == 0, "map refused: %s",
                  json_string_value(json_object_get(json_array_get(errors, 0), "message")));
    json_decref(errors);
    json_t *items = kpid_field_map_apply_at(map, payload, "crm", "2025-02-01T00:00:00Z", body,
                                            strlen(body), error, 256);
    json_decref(map);
    return items;
}

static const char *item_text(const json_t *items, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(items, i), key));
}

START_TEST(every_preset_is_listed_and_its_default_maps_check)
{
    for (const char *const *name = kpid_source_presets; *name != NULL; name++) {
        const struct kpid_preset *p = kpid_preset_find(*name);
        ck_assert_msg(p != NULL, "no preset %s", *name);
        for (int t = 0; t < 2; t++) {
            enum kpid_target_kind target = t ? KPID_TARGET_DEAL : KPID_TARGET_LEAD;
            json_t *map = kpid_preset_field_map(p, target, NULL);
            if (map == NULL)
                continue;
            json_t *errors = json_array();
            kpid_field_map_check(map, p->payload, target, "", errors);
            char *text = json_dumps(errors, JSON_COMPACT);
            ck_assert_msg(json_array_size(errors) == 0, "%s/%d: %s", *name, t, text);
            free(text);
            json_decref(errors);
            json_decref(map);
        }
        /* a fetched record is JSON, whatever the deliveries are */
        const char *fetched[] = {p->fetch.lead_map, p->fetch.deal_map};
        for (int t = 0; t < 2; t++) {
            if (fetched[t] == NULL)
                continue;
            json_t *map = parse(fetched[t]);
            json_t *errors = json_array();
            kpid_field_map_check(map, KPID_PAYLOAD_JSON, t ? KPID_TARGET_DEAL : KPID_TARGET_LEAD,
                                 "", errors);
            ck_assert_msg(json_array_size(errors) == 0, "%s fetched map %d refused", *name, t);
            ck_assert(kpid_preset_fetches(p, t ? KPID_TARGET_DEAL : KPID_TARGET_LEAD));
            json_decref(errors);
            json_decref(map);
        }
    }
    ck_assert(!kpid_preset_fetches(kpid_preset_find("tilda"), KPID_TARGET_LEAD));
    ck_assert(kpid_preset_fetches(kpid_preset_find("kommo"), KPID_TARGET_LEAD));
    ck_assert_ptr_null(kpid_preset_find("sugarcrm"));
}
END_TEST

START_TEST(overrides_are_set_over_the_default_map)
{
    json_t *over = parse("{\"channel\":{\"const\":\"x\"},\"attributes/subscription_type\":null}");
    json_t *map = kpid_preset_field_map(kpid_preset_find("hubspot"), KPID_TARGET_LEAD, over);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(map, "channel"), "const")),
                     "x");
    ck_assert_ptr_null(json_object_get(map, "attributes/subscription_type"));
    ck_assert_ptr_nonnull(json_object_get(map, "external_id"));
    json_decref(map);
    ck_assert_ptr_null(kpid_preset_field_map(kpid_preset_find("generic"), KPID_TARGET_LEAD, NULL));
    map = kpid_preset_field_map(kpid_preset_find("generic"), KPID_TARGET_LEAD, over);
    ck_assert(json_equal(map, over));
    json_decref(map);
    json_decref(over);
}
END_TEST

START_TEST(hubspot_v3_signature_and_window)
{
    const char *secret = "client-secret-1234", *body = "[{\"objectId\":1}]";
    const char *uri = "https://kpid.example/v1/webhooks/x", *ts = "1736924400000";
    char msg[256];
    snprintf(msg, sizeof msg, "POST%s%s%s", uri, body, ts);
    unsigned char mac[EVP_MAX_MD_SIZE], b64[64];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)msg, strlen(msg), mac, &len);
    EVP_EncodeBlock(b64, mac, (int)len);
    struct kpid_hubspot_request r = {"POST", uri, body, strlen(body), ts, (const char *)b64};
    ck_assert(kpid_hubspot_match(&r, secret, strlen(secret)));
    ck_assert(!kpid_hubspot_match(&r, "client-secret-1235", 18));
    r.body_len--;
    ck_assert(!kpid_hubspot_match(&r, secret, strlen(secret)));
    r.body_len++;
    r.uri = "https://kpid.example/v1/webhooks/y";
    ck_assert(!kpid_hubspot_match(&r, secret, strlen(secret)));
    r.signature = "short";
    ck_assert(!kpid_hubspot_match(&r, secret, strlen(secret)));

    ck_assert(kpid_hubspot_fresh(ts, 1736924400000LL + 299999));
    ck_assert(!kpid_hubspot_fresh(ts, 1736924400000LL + 300001));
    ck_assert(!kpid_hubspot_fresh(ts, 1736924400000LL - 300001));
    ck_assert(!kpid_hubspot_fresh("", 0));
    ck_assert(!kpid_hubspot_fresh("12a", 12));
    ck_assert(!kpid_hubspot_fresh("9999999999999999", 0));
    ck_assert(!kpid_hubspot_fresh(NULL, 0));
}
END_TEST

START_TEST(credential_fields_are_cut_from_forms)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"event=X&auth%5Bapplication_token%5D=t&data%5BID%5D=1", "event=X&data%5BID%5D=1"},
        {"auth[a]=1&auth=2&author=3&x=4", "author=3&x=4"},
        {"auth%5B=1&a=%zz&&b", "a=%zz&b"},
        {"auth[domain]=d", ""},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 0;
        char *out = kpid_form_without(cases[i].in, strlen(cases[i].in), "auth", &n);
        ck_assert_msg(strcmp(out, cases[i].out) == 0, "case %zu: %s", i, out);
        ck_assert_uint_eq(n, strlen(cases[i].out));
        free(out);
    }
}
END_TEST

START_TEST(selectors_pick_list_elements_by_key)
{
    char error[256];
    json_t *items = apply("{\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"
                          "\"contact/phone\":{\"from\":\"custom_fields[id=9][values][0][value]\"},"
                          "\"channel\":{\"from\":\"custom_fields[id=8][values][0][value]\"}}",
                          KPID_PAYLOAD_FORM,
                          "leads[add][0][id]=1&leads[add][0][custom_fields][0][id]=8&"
                          "leads[add][0][custom_fields][0][values][0][value]=site&"
                          "leads[add][0][custom_fields][1][id]=9&"
                          "leads[add][0][custom_fields][1][values][0][value]=%2B7900",
                          error);
    ck_assert_msg(items != NULL, "%s", error);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_array_get(items, 0), "contact"), "phone")),
                     "+7900");
    ck_assert_str_eq(item_text(items, 0, "channel"), "site");
    json_decref(items);

    items = apply("{\"external_id\":{\"from\":\"/id\"},"
                  "\"channel\":{\"from\":\"/fields/id=752009/value\"}}",
                  KPID_PAYLOAD_JSON,
                  "{\"id\":\"1\",\"fields\":[{\"id\":1,\"value\":\"a\"},{\"id\":752009,"
                  "\"value\":\"b\"},{\"id\":\"752009\",\"value\":\"c\"}]}",
                  error);
    ck_assert_msg(items != NULL, "%s", error);
    ck_assert_str_eq(item_text(items, 0, "channel"), "b");
    json_decref(items);
}
END_TEST

START_TEST(when_values_ms_received_at_and_erase)
{
    char error[256];
    const char *map =
        "{\"items\":\"\",\"when\":{\"/type\":[\"contact.creation\"]},"
        "\"erase\":{\"when\":{\"/type\":[\"contact.deletion\"]},"
        "\"external_id\":{\"from\":\"/id\",\"convert\":\"string\"}},"
        "\"external_id\":{\"from\":\"/id\",\"convert\":\"string\"},"
        "\"created_at\":{\"from\":\"/at\",\"convert\":\"unix_ms\",\"on_create\":true},"
        "\"first_contact_at\":{\"received_at\":true},"
        "\"channel\":{\"from\":\"/stage\",\"values\":{\"142\":\"won\",\"1\":null}}}";
    json_t *items = apply(map, KPID_PAYLOAD_JSON,
                          "[{\"type\":\"contact.creation\",\"id\":5,\"at\":1736924400123,"
                          "\"stage\":142},{\"type\":\"deal.creation\",\"id\":6},"
                          "{\"type\":\"contact.deletion\",\"id\":7},"
                          "{\"type\":\"contact.creation\",\"id\":8,\"stage\":\"1\"}]",
                          error);
    ck_assert_msg(items != NULL, "%s", error);
    ck_assert_uint_eq(json_array_size(items), 3);
    ck_assert_str_eq(item_text(items, 0, "created_at"), "2025-01-15T07:00:00.123Z");
    ck_assert_str_eq(item_text(items, 0, "first_contact_at"), "2025-02-01T00:00:00Z");
    ck_assert_str_eq(item_text(items, 0, "channel"), "won");
    ck_assert(json_is_true(json_object_get(json_array_get(items, 1), KPID_MAP_ERASE)));
    ck_assert_str_eq(item_text(items, 1, "external_id"), "7");
    ck_assert_ptr_null(json_object_get(json_array_get(items, 2), "channel"));
    json_decref(items);

    /* all filtered out: no items, no failure */
    items = apply(map, KPID_PAYLOAD_JSON, "[{\"type\":\"deal.creation\",\"id\":6}]", error);
    ck_assert_msg(items != NULL, "%s", error);
    ck_assert_uint_eq(json_array_size(items), 0);
    json_decref(items);

    /* a value not in the lookup fails the item */
    items = apply(map, KPID_PAYLOAD_JSON,
                  "[{\"type\":\"contact.creation\",\"id\":5,\"stage\":143}]", error);
    ck_assert_ptr_null(items);
    ck_assert_msg(strstr(error, "143 is not one of its values") != NULL, "%s", error);

    json_t *m = parse(map);
    json_t *once = kpid_field_map_on_create(m);
    ck_assert_uint_eq(json_array_size(once), 1);
    ck_assert_str_eq(json_string_value(json_array_get(once, 0)), "created_at");
    json_decref(once);
    json_decref(m);
}
END_TEST

START_TEST(an_erase_takes_the_form_items_under_its_pattern)
{
    char error[256];
    const char *map =
        "{\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"
        "\"erase\":{\"items\":\"leads[delete][*]\",\"external_id\":{\"from\":\"id\"}},"
        "\"contact/name\":{\"from\":\"name\"},\"channel\":{\"const\":\"amocrm\"}}";
    json_t *items = apply(map, KPID_PAYLOAD_FORM,
                          "leads[add][0][id]=1&leads[add][0][name]=A&leads[delete][0][id]=2&"
                          "leads[delete][0][status_id]=142&leads[update][0][id]=3",
                          error);
    ck_assert_msg(items != NULL, "%s", error);
    ck_assert_uint_eq(json_array_size(items), 3);
    ck_assert_ptr_null(json_object_get(json_array_get(items, 0), KPID_MAP_ERASE));
    ck_assert(json_is_true(json_object_get(json_array_get(items, 1), KPID_MAP_ERASE)));
    ck_assert_str_eq(item_text(items, 1, "external_id"), "2");
    ck_assert_str_eq(item_text(items, 1, "source"), "crm");
    ck_assert_ptr_null(json_object_get(json_array_get(items, 2), KPID_MAP_ERASE));
    ck_assert_str_eq(item_text(items, 2, "external_id"), "3");
    json_decref(items);
}
END_TEST

START_TEST(new_map_members_are_checked)
{
    static const struct {
        const char *map, *field;
        enum kpid_target_kind target;
    } cases[] = {
        {"{\"channel\":{\"received_at\":false}}", "/channel/received_at", KPID_TARGET_LEAD},
        {"{\"channel\":{\"const\":\"x\",\"received_at\":true}}", "/channel", KPID_TARGET_LEAD},
        {"{\"channel\":{\"const\":\"x\",\"values\":{\"a\":\"b\"}}}", "/channel/values",
         KPID_TARGET_LEAD},
        {"{\"channel\":{\"from\":\"/c\",\"values\":{\"a\":[1]}}}", "/channel/values",
         KPID_TARGET_LEAD},
        {"{\"channel\":{\"from\":\"/c\",\"on_create\":1}}", "/channel/on_create", KPID_TARGET_LEAD},
        {"{\"when\":{\"/t\":[]},\"channel\":{\"const\":\"x\"}}", "/when/~1t", KPID_TARGET_LEAD},
        {"{\"when\":{\"bad\":[\"a\"]},\"channel\":{\"const\":\"x\"}}", "/when/bad",
         KPID_TARGET_LEAD},
        {"{\"erase\":{\"when\":{\"/t\":[\"d\"]}},\"channel\":{\"const\":\"x\"}}",
         "/erase/external_id", KPID_TARGET_LEAD},
        {"{\"erase\":{\"when\":{\"/t\":[\"d\"]},\"external_id\":{\"from\":\"/id\"}},"
         "\"amount\":{\"const\":1}}",
         "/erase", KPID_TARGET_DEAL},
        /* erase items are form key patterns; without them, when is required */
        {"{\"erase\":{\"items\":\"/leads\",\"external_id\":{\"from\":\"/id\"}},"
         "\"channel\":{\"const\":\"x\"}}",
         "/erase/items", KPID_TARGET_LEAD},
        {"{\"erase\":{\"external_id\":{\"from\":\"/id\"}},\"channel\":{\"const\":\"x\"}}",
         "/erase/when", KPID_TARGET_LEAD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *map = parse(cases[i].map);
        json_t *errors = json_array();
        kpid_field_map_check(map, KPID_PAYLOAD_JSON, cases[i].target, "", errors);
        bool found = false;
        size_t k;
        json_t *e;
        json_array_foreach(errors, k, e) found |=
            strcmp(json_string_value(json_object_get(e, "field")), cases[i].field) == 0;
        char *text = json_dumps(errors, JSON_COMPACT);
        ck_assert_msg(found, "case %zu: no error at %s: %s", i, cases[i].field, text);
        free(text);
        json_decref(errors);
        json_decref(map);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("webhook_preset");
    TCase *tc = tcase_create("preset");
    tcase_add_test(tc, every_preset_is_listed_and_its_default_maps_check);
    tcase_add_test(tc, overrides_are_set_over_the_default_map);
    tcase_add_test(tc, hubspot_v3_signature_and_window);
    tcase_add_test(tc, credential_fields_are_cut_from_forms);
    tcase_add_test(tc, selectors_pick_list_elements_by_key);
    tcase_add_test(tc, when_values_ms_received_at_and_erase);
    tcase_add_test(tc, an_erase_takes_the_form_items_under_its_pattern);
    tcase_add_test(tc, new_map_members_are_checked);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
