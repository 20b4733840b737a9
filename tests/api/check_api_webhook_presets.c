/* API tests of source presets: each CRM's delivery (tests/api/fixtures/crm) posted as the
 * sender posts it - headers, credentials, signature computed the sender's way, body bytes -
 * creates, updates and skips what it should; a wrong or missing credential is 401. */
#include "crm_util.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HS_SECRET "hubspot-client-secret-0123456789"
#define BX_TOKEN "51856fefc120afa4b628cc82d3935cce" /* as in the bitrix24 fixtures */
#define TOKEN "preset-token-0123456789abcdef-01"
#define PD_USER "kpid-pipedrive"
#define PD_PASSWORD "pipedrive-password-0123"

/* --- presets -------------------------------------------------------------------------------- */

START_TEST(a_preset_source_needs_only_a_name_and_its_credentials)
{
    struct api_response *r = api_post_json(
        "/v1/sources", api_admin_key(),
        "{\"name\":\"pr_hs_min\",\"preset\":\"hubspot\",\"secret\":\"" HS_SECRET "\"}");
    api_assert_status(r, 201);
    ck_assert_pstr_eq(api_json_string(r, "/preset"), "hubspot");
    ck_assert_pstr_eq(api_json_string(r, "/payload"), "json");
    ck_assert_pstr_eq(api_json_string(r, "/field_map/created_at/convert"), "unix_ms");
    ck_assert_ptr_null(strstr(r->body, HS_SECRET));
    api_response_free(r);

    /* a field overrides the default, null drops one */
    r = api_request("PUT", "/v1/sources/pr_hs_min", api_admin_key(), "application/json",
                    "{\"preset\":\"hubspot\",\"field_map\":{\"channel\":{\"const\":\"hs\"},"
                    "\"attributes/subscription_type\":null}}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/field_map/channel/const"), "hs");
    ck_assert_ptr_null(api_json_at(r, "/field_map/attributes~1subscription_type"));
    ck_assert_pstr_eq(api_json_string(r, "/field_map/external_id/from"), "/objectId");
    api_response_free(r);

    /* each preset's own credential */
    static const struct {
        const char *body, *field;
    } bad[] = {
        {"{\"name\":\"pr_bad\",\"preset\":\"hubspot\",\"token\":\"" TOKEN "\"}", "/secret"},
        {"{\"name\":\"pr_bad\",\"preset\":\"pipedrive\",\"secret\":\"" HS_SECRET "\"}",
         "/basic_auth"},
        {"{\"name\":\"pr_bad\",\"preset\":\"pipedrive\",\"basic_auth\":{\"username\":\"a:b\","
         "\"password\":\"short\"}}",
         "/basic_auth/password"},
        {"{\"name\":\"pr_bad\",\"preset\":\"sugarcrm\",\"token\":\"" TOKEN "\"}", "/preset"},
        {"{\"name\":\"pr_bad\",\"token\":\"" TOKEN "\"}", "/payload"},
        {"{\"name\":\"pr_bad\",\"preset\":\"pipedrive\",\"target\":\"deal\",\"basic_auth\":{"
         "\"username\":\"u\",\"password\":\"" PD_PASSWORD "\"},\"field_map\":{\"amount\":{"
         "\"from\":\"/data/value\",\"values\":{}}}}",
         "/field_map/amount/values"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = api_post_json("/v1/sources", api_admin_key(), bad[i].body);
        api_assert_problem(r, 422);
        ck_assert_msg(strstr(r->body, bad[i].field) != NULL, "case %zu: %s", i, r->body);
        api_response_free(r);
    }
}
END_TEST

START_TEST(hubspot_mixed_batch_makes_leads_of_contact_events_only)
{
    char *id =
        crm_create("{\"name\":\"pr_hubspot\",\"preset\":\"hubspot\",\"secret\":\"" HS_SECRET "\"}");
    char *batch = crm_fixture("hubspot_mixed_batch.json");

    /* wrong secret, stale or missing timestamp: 401, nothing stored */
    crm_assert_401(crm_post_hubspot(id, "not-the-client-secret-000", crm_now_ms(), batch));
    crm_assert_401(crm_post_hubspot(id, HS_SECRET, crm_now_ms() - 6 * 60 * 1000, batch));
    const char *only_sig[] = {"X-HubSpot-Signature-v3: AAAA", NULL};
    crm_assert_401(crm_post(id, NULL, "application/json", batch, only_sig));
    ck_assert_int_eq(crm_events_of("pr_hubspot"), 0);

    struct api_response *r = crm_post_hubspot(id, HS_SECRET, crm_now_ms(), batch);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    ck_assert_int_eq(json_array_size(api_json_at(r, "/results")), 2);
    api_response_free(r);
    ck_assert_int_eq(crm_leads_of("pr_hubspot"), 2); /* the deal.creation event made no lead */
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "pr_hubspot", "5101", "2025-01-15 07:00:00");
    crm_assert_lead("channel", "pr_hubspot", "5102", "hubspot");

    /* a property change later does not move created_at */
    char *update = crm_fixture("hubspot_contact_update.json");
    r = crm_post_hubspot(id, HS_SECRET, crm_now_ms(), update);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "updated");
    api_response_free(r);
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "pr_hubspot", "5101", "2025-01-15 07:00:00");
    ck_assert_int_eq(crm_leads_of("pr_hubspot"), 2);

    /* a deletion erases the lead's personal data and keeps its row */
    char *deletion = crm_fixture("hubspot_contact_deletion.json");
    r = crm_post_hubspot(id, HS_SECRET, crm_now_ms(), deletion);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "erased");
    api_response_free(r);
    crm_assert_lead("erased_at IS NOT NULL", "pr_hubspot", "5102", "true");
    ck_assert_int_eq(crm_leads_of("pr_hubspot"), 2);
    free(deletion);
    free(update);
    free(batch);
    free(id);
}
END_TEST

START_TEST(bitrix24_application_token_in_the_body_is_checked_and_not_kept)
{
    char *id =
        crm_create("{\"name\":\"pr_bitrix\",\"preset\":\"bitrix24\",\"token\":\"" BX_TOKEN "\"}");
    char *add = crm_fixture("bitrix24_lead_add.form");
    const char *form = "application/x-www-form-urlencoded";

    /* another token, or none */
    char *forged = strdup(add);
    memcpy(strstr(forged, BX_TOKEN), "00000000", 8);
    crm_assert_401(crm_post(id, NULL, form, forged, NULL));
    crm_assert_401(
        crm_post(id, NULL, form, "event=ONCRMLEADADD&data%5BFIELDS%5D%5BID%5D=365", NULL));
    ck_assert_int_eq(crm_events_of("pr_bitrix"), 0);

    struct api_response *r = crm_post(id, NULL, form, add, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "pr_bitrix", "365", "2025-01-15 07:00:00");
    crm_assert_lead("channel", "pr_bitrix", "365", "bitrix24");
    /* the inbox keeps the event, not the auth[...] fields */
    ck_assert_int_eq(crm_count("SELECT count(*) FROM webhook_events WHERE source_name = $1 AND "
                               "position(convert_to($2, 'UTF8') IN body) > 0",
                               "pr_bitrix", "auth%5B"),
                     0);
    ck_assert_int_eq(crm_count("SELECT count(*) FROM webhook_events WHERE source_name = $1 AND "
                               "position(convert_to($2, 'UTF8') IN body) > 0",
                               "pr_bitrix", "ONCRMLEADADD"),
                     1);

    /* the update keeps created_at */
    char *upd = crm_fixture("bitrix24_lead_update.form");
    r = crm_post(id, NULL, form, upd, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "updated");
    api_response_free(r);
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "pr_bitrix", "365", "2025-01-15 07:00:00");

    char *del = crm_fixture("bitrix24_lead_delete.form");
    r = crm_post(id, NULL, form, del, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "erased");
    api_response_free(r);
    crm_assert_lead("erased_at IS NOT NULL", "pr_bitrix", "365", "true");
    ck_assert_int_eq(crm_leads_of("pr_bitrix"), 1);
    free(del);
    free(upd);
    free(forged);
    free(add);
    free(id);
}
END_TEST

START_TEST(pipedrive_basic_auth_deals_are_created_and_updated)
{
    char *id = crm_create("{\"name\":\"pr_pipedrive\",\"preset\":\"pipedrive\",\"target\":\"deal\","
                          "\"basic_auth\":{\"username\":\"" PD_USER "\",\"password\":\"" PD_PASSWORD
                          "\"}}");
    char *created = crm_fixture("pipedrive_deal_create.json");
    const char *json = "application/json";
    /* base64("kpid-pipedrive:pipedrive-password-0123") and a wrong password */
    const char *good[] = {
        "Authorization: Basic a3BpZC1waXBlZHJpdmU6cGlwZWRyaXZlLXBhc3N3b3JkLTAxMjM=", NULL};
    const char *wrong[] = {
        "Authorization: Basic a3BpZC1waXBlZHJpdmU6cGlwZWRyaXZlLXBhc3N3b3JkLTAxMjQ=", NULL};
    crm_assert_401(crm_post(id, NULL, json, created, NULL));
    crm_assert_401(crm_post(id, NULL, json, created, wrong));
    ck_assert_int_eq(crm_events_of("pr_pipedrive"), 0);

    struct api_response *r = crm_post(id, NULL, json, created, good);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "created");
    api_response_free(r);
    char *n = api_sql_value("SELECT status || ' ' || amount::text || ' ' || "
                            "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
                            "FROM deals WHERE source = $1 AND external_id = $2",
                            "pr_pipedrive", "42");
    ck_assert_pstr_eq(n, "open 5000.00 2025-01-15 07:00");
    free(n);

    char *changed = crm_fixture("pipedrive_deal_change.json");
    r = crm_post(id, NULL, json, changed, good);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "updated");
    api_response_free(r);
    n = api_sql_value("SELECT status || ' ' || amount::text || ' ' || "
                      "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
                      "FROM deals WHERE source = $1 AND external_id = $2",
                      "pr_pipedrive", "42");
    ck_assert_pstr_eq(n, "won 5500.00 2025-01-15 07:00");
    free(n);

    /* a delete (data null) is stored and answered 200, not parked as a failure */
    char *deleted = crm_fixture("pipedrive_deal_delete.json");
    r = crm_post(id, NULL, json, deleted, good);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    free(deleted);
    free(changed);
    free(created);
    free(id);
}
END_TEST

START_TEST(tilda_test_ping_is_200_and_submissions_become_leads)
{
    char *id = crm_create("{\"name\":\"pr_tilda\",\"preset\":\"tilda\",\"token\":\"" TOKEN "\"}");
    const char *form = "application/x-www-form-urlencoded";
    char *ping = crm_fixture("tilda_test.form");
    char *sub = crm_fixture("tilda_submission.form");

    crm_assert_401(crm_post(id, NULL, form, ping, NULL));
    crm_assert_401(crm_post(id, "?token=not-the-token-0123456789abc", form, sub, NULL));
    struct api_response *r = crm_post(id, "?token=" TOKEN, form, ping, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "test");
    api_response_free(r);
    ck_assert_int_eq(crm_events_of("pr_tilda"), 0);

    r = crm_post(id, "?token=" TOKEN, form, sub, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    ck_assert_int_eq(crm_leads_of("pr_tilda"), 1);
    crm_assert_lead("contact_phone", "pr_tilda", "4568329:1927437", "+7 (900) 123-45-67");
    crm_assert_lead("contact_email", "pr_tilda", "4568329:1927437", "anna@example.com");
    crm_assert_lead("utm_source", "pr_tilda", "4568329:1927437", "yandex");
    crm_assert_lead("campaign", "pr_tilda", "4568329:1927437", "brand");
    ck_assert_int_eq(
        crm_count("SELECT count(*) FROM leads WHERE source = $1 AND created_at > now() - "
                  "interval '5 minutes' AND $2 = $2",
                  "pr_tilda", ""),
        1);

    /* the API key option: in a header, or a form field the inbox does not keep */
    const char *key_header[] = {"X-Api-Key: " TOKEN, NULL};
    r = crm_post(id, NULL, form, "Name=Boris&Phone=%2B79005550000&tranid=77%3A1&formid=f1",
                 key_header);
    api_assert_status(r, 200);
    api_response_free(r);
    r = crm_post(id, NULL, form, "Name=Vera&tranid=77%3A2&formid=f1&api_key=" TOKEN, NULL);
    api_assert_status(r, 200);
    api_response_free(r);
    ck_assert_int_eq(crm_leads_of("pr_tilda"), 3);
    ck_assert_int_eq(crm_count("SELECT count(*) FROM webhook_events WHERE source_name = $1 AND "
                               "position(convert_to($2, 'UTF8') IN body) > 0",
                               "pr_tilda", TOKEN),
                     0);
    free(sub);
    free(ping);
    free(id);
}
END_TEST

START_TEST(a_replay_maps_received_at_as_when_the_delivery_came)
{
    char *id = crm_create("{\"name\":\"pr_tilda_replay\",\"preset\":\"tilda\",\"token\":\"" TOKEN
                          "\",\"field_map\":{\"channel\":{\"from\":\"utm_source\"}}}");
    const char *form = "application/x-www-form-urlencoded";
    struct api_response *r = crm_post(id, "?token=" TOKEN, form, "Name=Gleb&tranid=88%3A1", NULL);
    api_assert_status(r, 202);
    char *event = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    sleep(2);
    r = api_request("PUT", "/v1/sources/pr_tilda_replay", api_admin_key(), "application/json",
                    "{\"preset\":\"tilda\"}");
    api_assert_status(r, 200);
    api_response_free(r);
    char path[128];
    snprintf(path, sizeof path, "/v1/webhook-events/%s/replay", event);
    r = api_request("POST", path, api_admin_key(), "application/json", "{}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    ck_assert_int_eq(
        crm_count("SELECT count(*) FROM leads l JOIN webhook_events e ON e.id = $2::uuid "
                  "WHERE l.source = $1 AND l.created_at = date_trunc('second', "
                  "e.received_at)",
                  "pr_tilda_replay", event),
        1);
    free(event);
    free(id);
}
END_TEST

START_TEST(amocrm_custom_fields_are_picked_by_id_and_values_looked_up)
{
    char *id = crm_create(
        "{\"name\":\"pr_amocrm\",\"preset\":\"amocrm\",\"token\":\"" TOKEN "\",\"field_map\":{"
        "\"contact/phone\":{\"from\":\"custom_fields[id=752009][values][0][value]\"},"
        "\"utm_source\":{\"from\":\"custom_fields[id=752011][values][0][value]\"},"
        "\"attributes/outcome\":{\"from\":\"status_id\",\"values\":{\"142\":\"won\","
        "\"143\":\"lost\"}}}}");
    char *add = crm_fixture("amocrm_leads_add.form");
    const char *form = "application/x-www-form-urlencoded";
    crm_assert_401(crm_post(id, NULL, form, add, NULL));
    struct api_response *r = crm_post(id, "?token=" TOKEN, form, add, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    crm_assert_lead("contact_phone", "pr_amocrm", "30101", "+7 900 555-01-02");
    crm_assert_lead("utm_source", "pr_amocrm", "30101", "yandex");
    crm_assert_lead("attributes->>'outcome'", "pr_amocrm", "30101", "won");
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "pr_amocrm", "30101", "2025-01-15 10:00:00");

    /* leads[delete] erases the lead, its row kept */
    char *deletion = crm_fixture("amocrm_leads_delete.form");
    r = crm_post(id, "?token=" TOKEN, form, deletion, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "erased");
    api_response_free(r);
    crm_assert_lead("(erased_at IS NOT NULL AND contact_phone IS NULL)", "pr_amocrm", "30101",
                    "true");
    ck_assert_int_eq(crm_leads_of("pr_amocrm"), 1);
    free(deletion);
    free(add);
    free(id);
}
END_TEST

Suite *api_webhook_presets_suite(void)
{
    Suite *s = suite_create("api_webhook_presets");
    TCase *tc = tcase_create("presets");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, a_preset_source_needs_only_a_name_and_its_credentials);
    tcase_add_test(tc, hubspot_mixed_batch_makes_leads_of_contact_events_only);
    tcase_add_test(tc, bitrix24_application_token_in_the_body_is_checked_and_not_kept);
    tcase_add_test(tc, pipedrive_basic_auth_deals_are_created_and_updated);
    tcase_add_test(tc, tilda_test_ping_is_200_and_submissions_become_leads);
    tcase_add_test(tc, amocrm_custom_fields_are_picked_by_id_and_values_looked_up);
    tcase_add_test(tc, a_replay_maps_received_at_as_when_the_delivery_came);
    suite_add_tcase(s, tc);
    return s;
}
