/* API tests of fetch-back: deliveries of id-only senders (Bitrix24, HubSpot, amoCRM) answered
 * 200 at once and completed by kpid's fetch workers from the stand-in CRM server
 * (tests/api/crm-server.mjs) - retried while it is down, after a 429 no earlier than its
 * Retry-After, on a 500 and a timeout; failed on a 404 and when the schedule gives up; sent
 * nowhere but to the source's configured URL. The harness runs kpid with retries from 200 ms
 * (doubling, at most 1 s, jittered), a 1.5 s request timeout and a 6 s give-up time. */
#include "crm_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HS_SECRET "hubspot-client-secret-0123456789"
#define BX_TOKEN "51856fefc120afa4b628cc82d3935cce" /* as in the bitrix24 fixtures */
#define TOKEN "fetch-token-0123456789abcdef-0001"
/* the credentials tests/api/crm-server.mjs expects */
#define HUBSPOT_TOKEN "pat-eu1-kpid-test-0123456789"
#define AMO_TOKEN "amo-long-lived-kpid-test-0123456789"
#define BITRIX_WEBHOOK "/rest/1/k3pidw3bh00k/"

static const char *crm_url(void)
{
    const char *url = getenv("KPID_TEST_CRM_URL");
    ck_assert_msg(url != NULL, "KPID_TEST_CRM_URL is not set");
    return url;
}

/* Creates a hubspot source that fetches from the stand-in; returns its id (free it). */
static char *hubspot_source(const char *name)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"preset\":\"hubspot\",\"secret\":\"" HS_SECRET "\","
             "\"fetch\":{\"url\":\"%s\",\"token\":\"" HUBSPOT_TOKEN "\",\"allow_http\":true}}",
             name, crm_url());
    return crm_create(body);
}

/* HubSpot's contact.propertyChange event (the fixture's) for the contact object_id. */
static char *hubspot_event(const char *object_id)
{
    char *event = crm_fixture("hubspot_contact_update.json");
    char *at = strstr(event, "\"objectId\":5101");
    ck_assert_ptr_nonnull(at);
    memcpy(at + strlen("\"objectId\":"), object_id, 4);
    return event;
}

/* Posts a HubSpot event and asserts it is stored for a fetch; returns the event id (free it). */
static char *post_pending(const char *id, const char *body)
{
    struct api_response *r = crm_post_hubspot(id, HS_SECRET, crm_now_ms(), body);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "pending_fetch");
    char *event = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    return event;
}

/* Waits up to `seconds` for the event to leave pending_fetch; returns its status (free it). */
static char *settled(const char *event, double seconds)
{
    for (int i = 0; i < (int)(seconds * 20); i++) {
        char *status =
            api_sql_value("SELECT status FROM webhook_events WHERE id = $1::uuid", event);
        if (status != NULL && strcmp(status, "pending_fetch") != 0)
            return status;
        free(status);
        usleep(50 * 1000);
    }
    return strdup("pending_fetch");
}

static void assert_settled(const char *event, double seconds, const char *want)
{
    char *status = settled(event, seconds);
    char *error = api_sql_value("SELECT error FROM webhook_events WHERE id = $1::uuid", event);
    ck_assert_msg(strcmp(status, want) == 0, "event %s is %s, not %s (error: %s)", event, status,
                  want, error ? error : "none");
    free(error);
    free(status);
}

/* The requests the stand-in's `server` got whose URL starts with prefix. */
static json_t *requests_for(const char *server, const char *prefix)
{
    json_t *log = crm_requests(server), *out = json_array();
    size_t i;
    json_t *entry;
    json_array_foreach(log, i, entry)
    {
        const char *url = json_string_value(json_object_get(entry, "url"));
        if (strncmp(url, prefix, strlen(prefix)) == 0)
            json_array_append(out, entry);
    }
    json_decref(log);
    return out;
}

static long long request_at(const json_t *requests, size_t i)
{
    return (long long)json_integer_value(json_object_get(json_array_get(requests, i), "at"));
}

/* --- settings ------------------------------------------------------------------------------- */

START_TEST(fetch_settings_are_checked_and_the_token_never_shown)
{
    char body[768];
    static const struct {
        const char *fetch, *field;
    } bad[] = {
        {"{\"url\":\"http://crm.example/\",\"token\":\"t\"}", "/fetch/url"}, /* http, not allowed */
        {"{\"url\":\"ftp://crm.example/\",\"token\":\"t\",\"allow_http\":true}", "/fetch/url"},
        {"{\"url\":\"https://crm.example/?next=https://evil.example/\",\"token\":\"t\"}",
         "/fetch/url"},
        {"{\"url\":\"https://user:pw@crm.example/\",\"token\":\"t\"}", "/fetch/url"},
        {"{\"url\":\"crm.example\",\"token\":\"t\"}", "/fetch/url"},
        {"{\"url\":\"https://crm.example/\",\"token\":\"a\\r\\nX-Evil: 1\"}", "/fetch/token"},
        {"{\"url\":\"https://crm.example/\",\"token\":\"t\",\"allow_http\":\"yes\"}",
         "/fetch/allow_http"},
        {"{\"url\":\"https://crm.example/\"}", "/fetch/token"}, /* hubspot needs its token */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(body, sizeof body,
                 "{\"name\":\"ft_bad\",\"preset\":\"hubspot\",\"secret\":\"" HS_SECRET
                 "\",\"fetch\":%s}",
                 bad[i].fetch);
        struct api_response *r = api_post_json("/v1/sources", api_admin_key(), body);
        api_assert_problem(r, 422);
        ck_assert_msg(strstr(r->body, bad[i].field) != NULL, "case %zu: %s", i, r->body);
        api_response_free(r);
    }
    /* a preset whose deliveries carry the record fetches nothing */
    struct api_response *r =
        api_post_json("/v1/sources", api_admin_key(),
                      "{\"name\":\"ft_bad\",\"preset\":\"tilda\",\"token\":\"" TOKEN
                      "\",\"fetch\":{\"url\":\"https://crm.example/\"}}");
    api_assert_problem(r, 422);
    ck_assert_ptr_nonnull(strstr(r->body, "\"/fetch\""));
    api_response_free(r);
    ck_assert_int_eq(
        crm_count("SELECT count(*) FROM webhook_sources WHERE name = $1 AND $2 = $2", "ft_bad", ""),
        0);

    /* https is taken as it is; the token is never shown */
    r = api_post_json("/v1/sources", api_admin_key(),
                      "{\"name\":\"ft_settings\",\"preset\":\"hubspot\",\"secret\":\"" HS_SECRET
                      "\",\"fetch\":{\"url\":\"https://api.hubapi.com\",\"token\":\"" HUBSPOT_TOKEN
                      "\"}}");
    api_assert_status(r, 201);
    ck_assert_pstr_eq(api_json_string(r, "/fetch/url"), "https://api.hubapi.com");
    ck_assert(json_is_false(api_json_at(r, "/fetch/allow_http")));
    ck_assert(json_is_true(api_json_at(r, "/fetch/token_set")));
    ck_assert_ptr_null(strstr(r->body, HUBSPOT_TOKEN));
    api_response_free(r);
    r = api_get("/v1/sources/ft_settings", api_admin_key());
    api_assert_status(r, 200);
    ck_assert(json_is_true(api_json_at(r, "/fetch/token_set")));
    ck_assert_ptr_null(strstr(r->body, HUBSPOT_TOKEN));
    api_response_free(r);

    /* a new URL without a token keeps the token; null removes the fetch */
    r = api_request("PUT", "/v1/sources/ft_settings", api_admin_key(), "application/json",
                    "{\"preset\":\"hubspot\",\"fetch\":{\"url\":\"https://api-eu1.hubapi.com/\"}}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/fetch/url"), "https://api-eu1.hubapi.com/");
    ck_assert(json_is_true(api_json_at(r, "/fetch/token_set")));
    api_response_free(r);
    r = api_request("PUT", "/v1/sources/ft_settings", api_admin_key(), "application/json",
                    "{\"preset\":\"hubspot\",\"fetch\":null}");
    api_assert_status(r, 200);
    ck_assert(json_is_null(api_json_at(r, "/fetch")));
    api_response_free(r);
    ck_assert_int_eq(crm_count("SELECT count(*) FROM webhook_sources WHERE name = $1 AND "
                               "fetch_token IS NULL AND fetch_url IS NULL AND $2 = $2",
                               "ft_settings", ""),
                     1);
}
END_TEST

/* --- fetching ------------------------------------------------------------------------------- */

START_TEST(bitrix24_leads_are_fetched_with_crm_lead_get_from_the_configured_url_only)
{
    crm_control("/reset", NULL);
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"ft_bitrix\",\"preset\":\"bitrix24\",\"token\":\"" BX_TOKEN "\","
             "\"fetch\":{\"url\":\"%s" BITRIX_WEBHOOK "\",\"allow_http\":true}}",
             crm_url());
    char *id = crm_create(body);
    const char *form = "application/x-www-form-urlencoded";

    /* the delivery names another portal (auth[domain], auth[client_endpoint]): the evil
     * listener; kpid asks only the configured webhook URL */
    const char *evil = getenv("KPID_TEST_EVIL_URL");
    char *add = crm_fixture("bitrix24_lead_add.form");
    char evil_domain[128], evil_endpoint[256], *forged = malloc(strlen(add) + 512);
    snprintf(evil_domain, sizeof evil_domain, "%s", strstr(evil, "//") + 2);
    snprintf(evil_endpoint, sizeof evil_endpoint, "http%%3A%%2F%%2F%s%%2Frest%%2F", evil_domain);
    char *domain = strstr(add, "kpid-test.bitrix24.ru&");
    char *endpoint = strstr(add, "https%3A%2F%2Fkpid-test.bitrix24.ru%2Frest%2F");
    ck_assert(domain != NULL && endpoint != NULL);
    sprintf(forged, "%.*s%s%.*s%s%s", (int)(domain - add), add, evil_domain,
            (int)(endpoint - domain - strlen("kpid-test.bitrix24.ru")),
            domain + strlen("kpid-test.bitrix24.ru"), evil_endpoint,
            endpoint + strlen("https%3A%2F%2Fkpid-test.bitrix24.ru%2Frest%2F"));
    struct api_response *r = crm_post(id, NULL, form, forged, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "pending_fetch");
    char *event = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    assert_settled(event, 5, "mapped");
    crm_assert_lead("contact_name", "ft_bitrix", "365", "Anna");
    crm_assert_lead("contact_phone", "ft_bitrix", "365", "+7 900 555-03-65");
    crm_assert_lead("contact_email", "ft_bitrix", "365", "anna.k@example.com");
    crm_assert_lead("utm_source", "ft_bitrix", "365", "yandex");
    crm_assert_lead("utm_medium", "ft_bitrix", "365", "cpc");
    crm_assert_lead("campaign", "ft_bitrix", "365", "brand_spring");
    crm_assert_lead("channel", "ft_bitrix", "365", "bitrix24");
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "ft_bitrix", "365", "2025-01-15 07:00:00");
    json_t *asked = requests_for("crm", "/");
    ck_assert_int_eq(json_array_size(asked), 1);
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(asked, 0), "url")),
                      BITRIX_WEBHOOK "crm.lead.get?id=365");
    json_decref(asked);
    json_t *stolen = crm_requests("evil");
    ck_assert_int_eq(json_array_size(stolen), 0);
    json_decref(stolen);

    /* an update is fetched again and does not move created_at */
    char *update = crm_fixture("bitrix24_lead_update.form");
    r = crm_post(id, NULL, form, update, NULL);
    api_assert_status(r, 200);
    free(event);
    event = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    assert_settled(event, 5, "mapped");
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "ft_bitrix", "365", "2025-01-15 07:00:00");
    ck_assert_int_eq(crm_leads_of("ft_bitrix"), 1);

    /* a delete needs no fetch: erased at once */
    char *deletion = crm_fixture("bitrix24_lead_delete.form");
    r = crm_post(id, NULL, form, deletion, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "erased");
    api_response_free(r);

    /* an id that is not a number never reaches a URL */
    crm_control("/reset", NULL);
    r = crm_post(id, NULL, form,
                 "event=ONCRMLEADADD&data%5BFIELDS%5D%5BID%5D=..%2F..%2Fcrm.deal.get%3Fid%3D1"
                 "&ts=1736924400&auth%5Bapplication_token%5D=" BX_TOKEN,
                 NULL);
    api_assert_status(r, 200);
    free(event);
    event = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    assert_settled(event, 5, "failed");
    ck_assert_int_eq(crm_count("SELECT count(*) FROM webhook_events WHERE id = $1::uuid AND "
                               "error LIKE '%' || $2 || '%'",
                               event, "is not a CRM record id"),
                     1);
    asked = crm_requests("crm");
    ck_assert_int_eq(json_array_size(asked), 0);
    json_decref(asked);
    free(deletion);
    free(update);
    free(event);
    free(forged);
    free(add);
    free(id);
}
END_TEST

START_TEST(bitrix24_deals_are_fetched_with_crm_deal_get)
{
    crm_control("/reset", NULL);
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"ft_bitrix_deals\",\"preset\":\"bitrix24\",\"target\":\"deal\","
             "\"token\":\"" BX_TOKEN "\",\"fetch\":{\"url\":\"%s" BITRIX_WEBHOOK "\","
             "\"allow_http\":true}}",
             crm_url());
    char *id = crm_create(body);
    char *add = crm_fixture("bitrix24_deal_add.form");
    struct api_response *r = crm_post(id, NULL, "application/x-www-form-urlencoded", add, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "pending_fetch");
    char *event = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    assert_settled(event, 5, "mapped");
    /* OPPORTUNITY "15000.00", STAGE_SEMANTIC_ID S, CLOSEDATE 12:00+03, DATE_CREATE 11:00+03 */
    static const char *const want[][2] = {
        {"amount::numeric", "15000.00"},
        {"status", "won"},
        {"closed_at AT TIME ZONE 'UTC'", "2025-01-20 09:00:00"},
        {"created_at AT TIME ZONE 'UTC'", "2025-01-17 08:00:00"},
        {"channel", "bitrix24"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT %s::text FROM deals WHERE source = $1 AND external_id = $2", want[i][0]);
        char *v = api_sql_value(sql, "ft_bitrix_deals", "811");
        ck_assert_msg(v != NULL && strcmp(v, want[i][1]) == 0, "%s: %s, not %s", want[i][0],
                      v ? v : "NULL", want[i][1]);
        free(v);
    }
    json_t *asked = crm_requests("crm");
    ck_assert_int_eq(json_array_size(asked), 1);
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(asked, 0), "url")),
                      BITRIX_WEBHOOK "crm.deal.get?id=811");
    json_decref(asked);
    free(event);
    free(add);
    free(id);
}
END_TEST

START_TEST(a_delivery_while_the_crm_is_down_is_fetched_after_it_comes_back)
{
    crm_control("/reset", NULL);
    char *id = hubspot_source("ft_down");
    crm_control("/down?ms=1500", NULL);
    long long back = crm_now_ms() + 1500;
    char *body = hubspot_event("5101");
    char *event = post_pending(id, body);
    struct api_response *r = api_get("/v1/sources/ft_down", api_admin_key());
    api_assert_status(r, 200);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/events/pending_fetch")), 1);
    api_response_free(r);
    ck_assert(crm_metrics_show("ft_down", "pending_fetch", 1));

    /* tried while down (connection refused), then within the schedule's longest delay (1 s,
     * plus a poll) after the CRM is back */
    assert_settled(event, 5, "mapped");
    json_t *asked = requests_for("crm", "/crm/v3/objects/contacts/5101");
    ck_assert_int_eq(json_array_size(asked), 1);
    ck_assert_int_ge(request_at(asked, 0), back);
    ck_assert_int_le(request_at(asked, 0), back + 1500);
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(asked, 0), "url")),
                      "/crm/v3/objects/contacts/5101"
                      "?properties=firstname,email,phone,hs_analytics_source");
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(asked, 0), "authorization")),
                      "Bearer " HUBSPOT_TOKEN);
    json_decref(asked);
    ck_assert_int_ge(crm_count("SELECT attempts FROM webhook_events WHERE id = $1::uuid AND "
                               "$2 = $2",
                               event, ""),
                     2);
    crm_assert_lead("contact_name", "ft_down", "5101", "Anna");
    crm_assert_lead("contact_email", "ft_down", "5101", "anna.h@example.com");
    crm_assert_lead("contact_phone", "ft_down", "5101", "+7 900 555-51-01");
    crm_assert_lead("utm_source", "ft_down", "5101", "PAID_SEARCH");
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "ft_down", "5101", "2025-01-16 07:00:00");
    r = api_get("/v1/sources/ft_down", api_admin_key());
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/events/pending_fetch")), 0);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/events/mapped")), 1);
    api_response_free(r);
    ck_assert(crm_metrics_show("ft_down", "pending_fetch", 0));
    free(event);
    free(body);
    free(id);
}
END_TEST

START_TEST(a_hubspot_batch_fetches_each_contact_and_no_deal)
{
    crm_control("/reset", NULL);
    char *id = hubspot_source("ft_batch");
    char *batch = crm_fixture("hubspot_mixed_batch.json");
    char *event = post_pending(id, batch);
    assert_settled(event, 5, "mapped");
    ck_assert_int_eq(crm_leads_of("ft_batch"), 2);
    crm_assert_lead("contact_email", "ft_batch", "5101", "anna.h@example.com");
    crm_assert_lead("contact_email", "ft_batch", "5102", "anna.h@example.com");
    json_t *asked = crm_requests("crm");
    ck_assert_int_eq(json_array_size(asked), 2); /* the two contacts; the deal event none */
    json_decref(asked);
    free(event);
    free(batch);
    free(id);
}
END_TEST

START_TEST(a_429_is_retried_no_earlier_than_its_retry_after)
{
    crm_control("/reset", NULL);
    crm_control("/script", "{\"path\":\"/crm/v3/objects/contacts/5177\","
                           "\"replies\":[{\"status\":429,\"retry_after\":2}]}");
    char *id = hubspot_source("ft_429");
    char *body = hubspot_event("5177");
    char *event = post_pending(id, body);
    assert_settled(event, 6, "mapped");
    json_t *asked = requests_for("crm", "/crm/v3/objects/contacts/5177");
    ck_assert_int_eq(json_array_size(asked), 2);
    ck_assert_int_ge(request_at(asked, 1) - request_at(asked, 0), 2000);
    json_decref(asked);
    crm_assert_lead("contact_email", "ft_429", "5177", "anna.h@example.com");
    free(event);
    free(body);
    free(id);
}
END_TEST

START_TEST(a_500_and_a_timeout_are_retried_and_a_slow_reply_is_taken)
{
    crm_control("/reset", NULL);
    /* kpid's requests time out after 1.5 s */
    crm_control("/script", "{\"path\":\"/crm/v3/objects/contacts/5178\",\"replies\":["
                           "{\"status\":500},{\"delay_ms\":2500},{\"delay_ms\":700}]}");
    char *id = hubspot_source("ft_500");
    char *body = hubspot_event("5178");
    char *event = post_pending(id, body);
    assert_settled(event, 6, "mapped");
    json_t *asked = requests_for("crm", "/crm/v3/objects/contacts/5178");
    ck_assert_int_eq(json_array_size(asked), 3);
    json_decref(asked);
    ck_assert_int_eq(crm_count("SELECT attempts FROM webhook_events WHERE id = $1::uuid AND "
                               "$2 = $2",
                               event, ""),
                     3);
    crm_assert_lead("contact_phone", "ft_500", "5178", "+7 900 555-51-01");
    free(event);
    free(body);
    free(id);
}
END_TEST

START_TEST(a_404_fails_the_event_with_the_reason_at_once)
{
    crm_control("/reset", NULL);
    crm_control("/missing?id=5199", NULL);
    char *id = hubspot_source("ft_404");
    char *body = hubspot_event("5199");
    char *event = post_pending(id, body);
    assert_settled(event, 5, "failed");
    json_t *asked = requests_for("crm", "/crm/v3/objects/contacts/5199");
    ck_assert_int_eq(json_array_size(asked), 1); /* not retried */
    json_decref(asked);
    struct api_response *r =
        api_get("/v1/webhook-events?status=failed&source=ft_404", api_admin_key());
    api_assert_status(r, 200);
    ck_assert_str_eq(api_json_string(r, "/items/0/id"), event);
    ck_assert_ptr_nonnull(strstr(api_json_string(r, "/items/0/error"), "answered 404"));
    api_response_free(r);
    r = api_get("/v1/sources/ft_404", api_admin_key());
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/events/failed")), 1);
    ck_assert_ptr_nonnull(strstr(api_json_string(r, "/events/last_error"), "answered 404"));
    api_response_free(r);
    ck_assert_int_eq(crm_leads_of("ft_404"), 0);

    /* replayable: a replay maps what the delivery itself carries */
    char path[128];
    snprintf(path, sizeof path, "/v1/webhook-events/%s/replay", event);
    r = api_request("POST", path, api_admin_key(), "application/json", "{}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    ck_assert_int_eq(crm_leads_of("ft_404"), 1);
    free(event);
    free(body);
    free(id);
}
END_TEST

START_TEST(a_crm_that_keeps_failing_is_given_up_after_the_give_up_time)
{
    crm_control("/reset", NULL);
    char script[1024];
    int n = snprintf(script, sizeof script,
                     "{\"path\":\"/crm/v3/objects/contacts/5188\",\"replies\":[");
    for (int i = 0; i < 40; i++)
        n += snprintf(script + n, sizeof script - (size_t)n, "%s{\"status\":503}", i ? "," : "");
    snprintf(script + n, sizeof script - (size_t)n, "]}");
    crm_control("/script", script);
    char *id = hubspot_source("ft_give_up");
    char *body = hubspot_event("5188");
    long long posted = crm_now_ms();
    char *event = post_pending(id, body);
    assert_settled(event, 12, "failed");
    ck_assert_int_ge(crm_now_ms() - posted, 6000);
    ck_assert_int_eq(crm_count("SELECT count(*) FROM webhook_events WHERE id = $1::uuid AND "
                               "error LIKE 'gave up fetching after %' || $2 || '%'",
                               event, "answered 503"),
                     1);
    json_t *asked = requests_for("crm", "/crm/v3/objects/contacts/5188");
    ck_assert_int_ge(json_array_size(asked), 4); /* 200 ms, doubling to 1 s, over 6 s */
    json_decref(asked);
    free(event);
    free(body);
    free(id);
}
END_TEST

START_TEST(amocrm_leads_get_their_contact_phone_and_email)
{
    crm_control("/reset", NULL);
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"ft_amocrm\",\"preset\":\"amocrm\",\"token\":\"" TOKEN "\","
             "\"fetch\":{\"url\":\"%s\",\"token\":\"" AMO_TOKEN "\",\"allow_http\":true}}",
             crm_url());
    char *id = crm_create(body);
    char *add = crm_fixture("amocrm_leads_add.form");
    struct api_response *r =
        crm_post(id, "?token=" TOKEN, "application/x-www-form-urlencoded", add, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "pending_fetch");
    char *event = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    assert_settled(event, 5, "mapped");
    crm_assert_lead("contact_name", "ft_amocrm", "30101", "Anna Kuznetsova");
    crm_assert_lead("contact_phone", "ft_amocrm", "30101", "+7 900 555-01-02");
    crm_assert_lead("contact_email", "ft_amocrm", "30101", "anna.amo@example.com");
    crm_assert_lead("attributes->>'price'", "ft_amocrm", "30101", "5000");
    crm_assert_lead("created_at AT TIME ZONE 'UTC'", "ft_amocrm", "30101", "2025-01-15 10:00:00");
    json_t *asked = crm_requests("crm");
    ck_assert_int_eq(json_array_size(asked), 2);
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(asked, 0), "url")),
                      "/api/v4/leads/30101?with=contacts");
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(asked, 1), "url")),
                      "/api/v4/contacts/70101");
    ck_assert_pstr_eq(json_string_value(json_object_get(json_array_get(asked, 1), "authorization")),
                      "Bearer " AMO_TOKEN);
    json_decref(asked);
    free(event);
    free(add);
    free(id);
}
END_TEST

Suite *api_webhook_fetch_suite(void)
{
    Suite *s = suite_create("api_webhook_fetch");
    TCase *tc = tcase_create("fetch");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fetch_settings_are_checked_and_the_token_never_shown);
    tcase_add_test(tc, bitrix24_leads_are_fetched_with_crm_lead_get_from_the_configured_url_only);
    tcase_add_test(tc, bitrix24_deals_are_fetched_with_crm_deal_get);
    tcase_add_test(tc, a_delivery_while_the_crm_is_down_is_fetched_after_it_comes_back);
    tcase_add_test(tc, a_hubspot_batch_fetches_each_contact_and_no_deal);
    tcase_add_test(tc, a_429_is_retried_no_earlier_than_its_retry_after);
    tcase_add_test(tc, a_500_and_a_timeout_are_retried_and_a_slow_reply_is_taken);
    tcase_add_test(tc, a_404_fails_the_event_with_the_reason_at_once);
    tcase_add_test(tc, a_crm_that_keeps_failing_is_given_up_after_the_give_up_time);
    tcase_add_test(tc, amocrm_leads_get_their_contact_phone_and_email);
    suite_add_tcase(s, tc);
    return s;
}
