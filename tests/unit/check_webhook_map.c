/* Unit tests for webhook field maps: checking a map, and mapping form and JSON bodies. */
#include "kpi_check.h"
#include "kpid/ingest/lead_write.h"
#include "kpid/webhook/map.h"

#include <stdio.h>

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *v = json_loads(text, 0, &err);
    ck_assert_msg(v != NULL, "bad test JSON: %s: %s", err.text, text);
    return v;
}

/* Checks map_text; returns the errors array (owned by the caller). */
static json_t *check(const char *map_text, enum kpid_payload_kind payload,
                     enum kpid_target_kind target)
{
    json_t *map = parse(map_text);
    json_t *errors = json_array();
    size_t n = kpid_field_map_check(map, payload, target, "/field_map", errors);
    ck_assert_uint_eq(n, json_array_size(errors));
    json_decref(map);
    return errors;
}

/* Whether errors has one naming exactly `field`. */
static bool has_error(const json_t *errors, const char *field)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
            return true;
    }
    return false;
}

static void assert_error(const char *map_text, enum kpid_payload_kind payload, const char *field)
{
    json_t *errors = check(map_text, payload, KPID_TARGET_LEAD);
    char *dump = json_dumps(errors, JSON_COMPACT);
    ck_assert_msg(has_error(errors, field), "%s: no error at %s, got %s", map_text, field, dump);
    free(dump);
    json_decref(errors);
}

#define AMO_MAP                                                                                    \
    "{\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"                                \
    "\"created_at\":{\"from\":\"date_create\",\"convert\":\"unix_seconds\"},"                      \
    "\"contact/name\":{\"from\":\"name\"},"                                                        \
    "\"contact/phone\":{\"from\":\"custom_fields[0][values][0][value]\"},"                         \
    "\"is_sql\":{\"from\":\"custom_fields[1][values][0][value]\",\"convert\":\"yn_bool\"},"        \
    "\"attributes/price\":{\"from\":\"price\",\"convert\":\"number\"},"                            \
    "\"channel\":{\"const\":\"amocrm\"}}"

START_TEST(valid_maps_pass)
{
    json_t *errors = check(AMO_MAP, KPID_PAYLOAD_FORM, KPID_TARGET_LEAD);
    ck_assert_uint_eq(json_array_size(errors), 0);
    json_decref(errors);
    errors =
        check("{\"items\":\"/leads\",\"external_id\":{\"from\":\"/id\",\"convert\":\"string\"},"
              "\"created_at\":{\"from\":\"/created\"},\"channel\":{\"const\":\"site\"}}",
              KPID_PAYLOAD_JSON, KPID_TARGET_LEAD);
    ck_assert_uint_eq(json_array_size(errors), 0);
    json_decref(errors);
    errors = check("{\"amount\":{\"from\":\"/deal/sum\",\"convert\":\"number\"},"
                   "\"lead_external_id\":{\"from\":\"/deal/lead\"},\"status\":{\"const\":\"won\"}}",
                   KPID_PAYLOAD_JSON, KPID_TARGET_DEAL);
    ck_assert_uint_eq(json_array_size(errors), 0);
    json_decref(errors);
}
END_TEST

START_TEST(each_violation_is_named_by_pointer)
{
    assert_error("[]", KPID_PAYLOAD_JSON, "/field_map");
    assert_error("{}", KPID_PAYLOAD_JSON, "/field_map");
    assert_error("{\"nickname\":{\"from\":\"/n\"}}", KPID_PAYLOAD_JSON, "/field_map/nickname");
    assert_error("{\"contact/fax\":{\"from\":\"/n\"}}", KPID_PAYLOAD_JSON,
                 "/field_map/contact~1fax");
    assert_error("{\"channel\":\"/n\"}", KPID_PAYLOAD_JSON, "/field_map/channel");
    assert_error("{\"channel\":{}}", KPID_PAYLOAD_JSON, "/field_map/channel");
    assert_error("{\"channel\":{\"from\":\"/c\",\"const\":\"x\"}}", KPID_PAYLOAD_JSON,
                 "/field_map/channel");
    assert_error("{\"channel\":{\"from\":\"c\"}}", KPID_PAYLOAD_JSON, "/field_map/channel/from");
    assert_error("{\"channel\":{\"from\":\"/c~2\"}}", KPID_PAYLOAD_JSON, "/field_map/channel/from");
    assert_error("{\"channel\":{\"from\":7}}", KPID_PAYLOAD_JSON, "/field_map/channel/from");
    assert_error("{\"contact/phone\":{\"from\":\"a[b\"}}", KPID_PAYLOAD_FORM,
                 "/field_map/contact~1phone/from");
    assert_error("{\"channel\":{\"from\":\"/c\",\"convert\":\"upper\"}}", KPID_PAYLOAD_JSON,
                 "/field_map/channel/convert");
    assert_error("{\"channel\":{\"const\":\"x\",\"convert\":\"string\"}}", KPID_PAYLOAD_JSON,
                 "/field_map/channel/convert");
    assert_error("{\"channel\":{\"const\":{\"a\":1}}}", KPID_PAYLOAD_JSON,
                 "/field_map/channel/const");
    assert_error("{\"channel\":{\"from\":\"/c\",\"default\":\"x\"}}", KPID_PAYLOAD_JSON,
                 "/field_map/channel/default");
    assert_error("{\"items\":\"leads\",\"channel\":{\"const\":\"x\"}}", KPID_PAYLOAD_JSON,
                 "/field_map/items");
    assert_error("{\"items\":\"leads[*\",\"channel\":{\"const\":\"x\"}}", KPID_PAYLOAD_FORM,
                 "/field_map/items");
    assert_error("{\"attributes\":{\"from\":\"/a\"},\"attributes/b\":{\"from\":\"/b\"}}",
                 KPID_PAYLOAD_JSON, "/field_map");
    assert_error("{\"attributes/\":{\"from\":\"/a\"}}", KPID_PAYLOAD_JSON,
                 "/field_map/attributes~1");
}
END_TEST

START_TEST(deal_and_lead_fields_differ)
{
    json_t *errors = check("{\"amount\":{\"from\":\"/a\"}}", KPID_PAYLOAD_JSON, KPID_TARGET_LEAD);
    ck_assert(has_error(errors, "/field_map/amount"));
    json_decref(errors);
    errors = check("{\"contact/name\":{\"from\":\"/a\"}}", KPID_PAYLOAD_JSON, KPID_TARGET_DEAL);
    ck_assert(has_error(errors, "/field_map/contact~1name"));
    json_decref(errors);
}
END_TEST

/* Applies map_text to body; returns the items (owned), or NULL with the error in `error`. */
static json_t *apply(const char *map_text, enum kpid_payload_kind payload, const char *body,
                     char error[256])
{
    json_t *map = parse(map_text);
    json_t *errors = json_array();
    ck_assert_uint_eq(kpid_field_map_check(map, payload, KPID_TARGET_LEAD, "", errors), 0);
    json_decref(errors);
    error[0] = '\0';
    json_t *items = kpid_field_map_apply(map, payload, "amo", body, strlen(body), error, 256);
    json_decref(map);
    return items;
}

/* Asserts the JSON text of v equals `expected` (compact, keys in insertion order). */
static void assert_json(const json_t *v, const char *expected)
{
    json_t *want = parse(expected);
    char *got = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    ck_assert_msg(json_equal(v, want), "got %s, expected %s", got, expected);
    free(got);
    json_decref(want);
}

START_TEST(amocrm_form_with_two_leads)
{
    /* 1736935200 = 2025-01-15T10:00:00Z; 1736938800 = one hour later */
    const char *body =
        "leads%5Badd%5D%5B0%5D%5Bid%5D=101&leads%5Badd%5D%5B0%5D%5Bname%5D=Anna+K"
        "&leads[add][0][date_create]=1736935200&leads[add][0][price]=1500.50"
        "&leads[add][0][custom_fields][0][id]=77&leads[add][0][custom_fields][0][values][0][value]="
        "%2B7+900+123-45-67&leads[add][0][custom_fields][1][values][0][value]=Y"
        "&leads[add][1][id]=102&leads[add][1][name]=Boris&leads[add][1][date_create]=1736938800"
        "&leads[add][1][price]=&account[subdomain]=acme";
    char error[256];
    json_t *items = apply(AMO_MAP, KPID_PAYLOAD_FORM, body, error);
    ck_assert_msg(items != NULL, "%s", error);
    ck_assert_uint_eq(json_array_size(items), 2);
    assert_json(json_array_get(items, 0),
                "{\"source\":\"amo\",\"external_id\":\"101\",\"created_at\":"
                "\"2025-01-15T10:00:00Z\",\"contact\":{\"name\":\"Anna K\",\"phone\":"
                "\"+7 900 123-45-67\"},\"is_sql\":true,\"attributes\":{\"price\":1500.5},"
                "\"channel\":\"amocrm\"}");
    /* the empty price is left out, not converted */
    assert_json(
        json_array_get(items, 1),
        "{\"source\":\"amo\",\"external_id\":\"102\",\"created_at\":"
        "\"2025-01-15T11:00:00Z\",\"contact\":{\"name\":\"Boris\"},\"channel\":\"amocrm\"}");
    json_decref(items);
}
END_TEST

START_TEST(form_without_items_reads_whole_keys)
{
    char error[256];
    json_t *items =
        apply("{\"external_id\":{\"from\":\"data[FIELDS][ID]\"},"
              "\"source\":{\"const\":\"bitrix\"},"
              "\"is_brand\":{\"from\":\"data[FIELDS][BRAND]\",\"convert\":\"yn_bool\"}}",
              KPID_PAYLOAD_FORM, "data[FIELDS][ID]=5&data[FIELDS][BRAND]=n", error);
    ck_assert_msg(items != NULL, "%s", error);
    assert_json(items, "[{\"external_id\":\"5\",\"source\":\"bitrix\",\"is_brand\":false}]");
    json_decref(items);
}
END_TEST

START_TEST(json_items_and_conversions)
{
    char error[256];
    json_t *items = apply("{\"items\":\"/leads\",\"external_id\":{\"from\":\"/id\",\"convert\":"
                          "\"string\"},\"created_at\":{\"from\":\"/ts\",\"convert\":"
                          "\"unix_seconds\"},\"contact/email\":{\"from\":\"/who/email\"},"
                          "\"attributes\":{\"from\":\"/extra\"}}",
                          KPID_PAYLOAD_JSON,
                          "{\"leads\":[{\"id\":7,\"ts\":0,\"who\":{\"email\":\"a@b.c\"},"
                          "\"extra\":{\"k\":[1]}},{\"id\":8.5,\"ts\":\"86400\"}]}",
                          error);
    ck_assert_msg(items != NULL, "%s", error);
    assert_json(items, "[{\"external_id\":\"7\",\"created_at\":\"1970-01-01T00:00:00Z\","
                       "\"contact\":{\"email\":\"a@b.c\"},\"attributes\":{\"k\":[1]},"
                       "\"source\":\"amo\"},{\"external_id\":\"8.5\",\"created_at\":"
                       "\"1970-01-02T00:00:00Z\",\"source\":\"amo\"}]");
    json_decref(items);
    /* without items the whole body is the one item */
    items = apply("{\"channel\":{\"from\":\"/c\"}}", KPID_PAYLOAD_JSON, "{\"c\":\"seo\"}", error);
    assert_json(items, "[{\"channel\":\"seo\",\"source\":\"amo\"}]");
    json_decref(items);
}
END_TEST

START_TEST(numbers_from_text)
{
    static const struct {
        const char *in, *out;
    } ok[] = {{"12", "12"}, {"-3", "-3"}, {"0.25", "0.25"}, {"1500.50", "1500.5"}};
    char error[256], body[64], want[96];
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        snprintf(body, sizeof body, "p=%s", ok[i].in);
        json_t *items = apply("{\"attributes/p\":{\"from\":\"p\",\"convert\":\"number\"}}",
                              KPID_PAYLOAD_FORM, body, error);
        snprintf(want, sizeof want, "[{\"attributes\":{\"p\":%s},\"source\":\"amo\"}]", ok[i].out);
        ck_assert_msg(items != NULL, "%s: %s", ok[i].in, error);
        assert_json(items, want);
        json_decref(items);
    }
    static const char *const bad[] = {"p=1,5", "p=.5", "p=5.", "p=1e3", "p=abc", "p=+1", "p=--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *items = apply("{\"attributes/p\":{\"from\":\"p\",\"convert\":\"number\"}}",
                              KPID_PAYLOAD_FORM, bad[i], error);
        ck_assert_msg(items == NULL, "accepted %s", bad[i]);
        ck_assert_ptr_nonnull(strstr(error, "is not a number"));
    }
}
END_TEST

START_TEST(refused_values_fail_with_the_item_and_field)
{
    char error[256];
    json_t *items = apply(AMO_MAP, KPID_PAYLOAD_FORM,
                          "leads[add][0][id]=1&leads[add][0][date_create]=1736935200"
                          "&leads[add][1][id]=2&leads[add][1][date_create]=yesterday",
                          error);
    ck_assert_ptr_null(items);
    ck_assert_msg(strstr(error, "item 1") && strstr(error, "created_at") &&
                      strstr(error, "\"yesterday\"") && strstr(error, "not unix seconds"),
                  "%s", error);
    items = apply("{\"is_sql\":{\"from\":\"/q\",\"convert\":\"yn_bool\"}}", KPID_PAYLOAD_JSON,
                  "{\"q\":\"maybe\"}", error);
    ck_assert_ptr_null(items);
    ck_assert_ptr_nonnull(strstr(error, "not Y or N"));
    items = apply("{\"created_at\":{\"from\":\"/t\",\"convert\":\"unix_seconds\"}}",
                  KPID_PAYLOAD_JSON, "{\"t\":-5}", error);
    ck_assert_ptr_null(items);
    items = apply("{\"created_at\":{\"from\":\"/t\",\"convert\":\"unix_seconds\"}}",
                  KPID_PAYLOAD_JSON, "{\"t\":253402300800}", error);
    ck_assert_ptr_null(items);
    items = apply("{\"external_id\":{\"from\":\"/t\",\"convert\":\"string\"}}", KPID_PAYLOAD_JSON,
                  "{\"t\":[1]}", error);
    ck_assert_ptr_null(items);
}
END_TEST

START_TEST(undecodable_bodies_and_missing_items_fail)
{
    char error[256];
    ck_assert_ptr_null(apply(AMO_MAP, KPID_PAYLOAD_FORM, "leads[add][0][id]=%zz", error));
    ck_assert_ptr_nonnull(strstr(error, "not a valid form"));
    ck_assert_ptr_null(apply(AMO_MAP, KPID_PAYLOAD_FORM, "contacts[add][0][id]=1", error));
    ck_assert_ptr_nonnull(strstr(error, "no form keys match"));
    const char *json_map = "{\"items\":\"/leads\",\"channel\":{\"from\":\"/c\"}}";
    ck_assert_ptr_null(apply(json_map, KPID_PAYLOAD_JSON, "{\"leads\":", error));
    ck_assert_ptr_nonnull(strstr(error, "not valid JSON"));
    ck_assert_ptr_null(apply(json_map, KPID_PAYLOAD_JSON, "{\"a\":1,\"a\":2}", error));
    ck_assert_ptr_null(apply(json_map, KPID_PAYLOAD_JSON, "{\"leads\":7}", error));
    ck_assert_ptr_nonnull(strstr(error, "items"));
    ck_assert_ptr_null(apply(json_map, KPID_PAYLOAD_JSON, "{\"leads\":[]}", error));
    ck_assert_ptr_nonnull(strstr(error, "empty"));
}
END_TEST

START_TEST(item_count_is_capped)
{
    size_t n = KPID_MAP_MAX_ITEMS + 1;
    char *body = malloc(n * 24 + 1);
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)sprintf(body + used, "%sleads[add][%zu][id]=1", i ? "&" : "", i);
    char error[256];
    ck_assert_ptr_null(apply(AMO_MAP, KPID_PAYLOAD_FORM, body, error));
    ck_assert_ptr_nonnull(strstr(error, "more than"));
    free(body);
}
END_TEST

/* The generic JSON map of the README yields leads that POST /v1/leads would accept. */
START_TEST(readme_json_map_yields_valid_leads)
{
    const char *map =
        "{\"items\":\"/leads\",\"external_id\":{\"from\":\"/id\",\"convert\":\"string\"},"
        "\"created_at\":{\"from\":\"/created\",\"convert\":\"unix_seconds\"},"
        "\"channel\":{\"from\":\"/utm/source\"},\"campaign\":{\"from\":\"/utm/campaign\"},"
        "\"contact/name\":{\"from\":\"/client/name\"},"
        "\"contact/phone\":{\"from\":\"/client/phone\"},"
        "\"contact/email\":{\"from\":\"/client/email\"},"
        "\"is_sql\":{\"from\":\"/qualified\",\"convert\":\"yn_bool\"}}";
    const char *body =
        "{\"leads\":[{\"id\":77,\"created\":1736935200,\"utm\":{\"source\":\"yandex_direct\","
        "\"campaign\":\"brand\"},\"client\":{\"name\":\"Anna\",\"phone\":\"+7 900 123-45-67\","
        "\"email\":\"a@example.com\"},\"qualified\":\"Y\"}]}";
    char error[256];
    json_t *items = apply(map, KPID_PAYLOAD_JSON, body, error);
    ck_assert_msg(items != NULL, "%s", error);
    assert_json(items, "[{\"external_id\":\"77\",\"created_at\":\"2025-01-15T10:00:00Z\","
                       "\"channel\":\"yandex_direct\",\"campaign\":\"brand\",\"contact\":{"
                       "\"name\":\"Anna\",\"phone\":\"+7 900 123-45-67\",\"email\":"
                       "\"a@example.com\"},\"is_sql\":true,\"source\":\"amo\"}]");
    json_t *errors = json_array();
    ck_assert_uint_eq(
        kpid_ingest_decode(&kpid_lead_resource, json_array_get(items, 0), "", false, NULL, errors),
        0);
    json_decref(errors);
    json_decref(items);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("webhook_map");
    TCase *tc = tcase_create("map");
    tcase_add_test(tc, valid_maps_pass);
    tcase_add_test(tc, each_violation_is_named_by_pointer);
    tcase_add_test(tc, deal_and_lead_fields_differ);
    tcase_add_test(tc, amocrm_form_with_two_leads);
    tcase_add_test(tc, form_without_items_reads_whole_keys);
    tcase_add_test(tc, json_items_and_conversions);
    tcase_add_test(tc, numbers_from_text);
    tcase_add_test(tc, refused_values_fail_with_the_item_and_field);
    tcase_add_test(tc, undecodable_bodies_and_missing_items_fail);
    tcase_add_test(tc, item_count_is_capped);
    tcase_add_test(tc, readme_json_map_yields_valid_leads);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
