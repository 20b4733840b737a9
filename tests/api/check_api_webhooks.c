/* API tests of CRM webhooks: sources and their field maps, signed and token deliveries,
 * replays and duplicates, amoCRM-style forms, the inbox, its counts and its replays (one event
 * or a source's failed ones), erasure, isolation, outages. */
#include "crm_util.h"

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SECRET "s3cret-for-webhooks-1"
#define SECRET2 "s3cret-for-webhooks-2"
#define TOKEN "tok-0123456789abcdef-0123456789"

/* A JSON CRM: {"lead":{"id":..,"name":..,"created_at":..}}. */
#define JSON_MAP                                                                                   \
    "{\"external_id\":{\"from\":\"/lead/id\",\"convert\":\"string\"},"                             \
    "\"created_at\":{\"from\":\"/lead/created_at\"},\"contact/name\":{\"from\":\"/lead/name\"},"   \
    "\"channel\":{\"const\":\"site\"}}"

/* amoCRM/Kommo: leads[add|update|status][N][...], a phone in the first custom field. */
#define AMO_MAP                                                                                    \
    "{\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"                                \
    "\"created_at\":{\"from\":\"date_create\",\"convert\":\"unix_seconds\"},"                      \
    "\"contact/name\":{\"from\":\"name\"},"                                                        \
    "\"contact/phone\":{\"from\":\"custom_fields[0][values][0][value]\"},"                         \
    "\"channel\":{\"const\":\"amocrm\"}}"

/* --- helpers -------------------------------------------------------------------------------- */

/* Creates a source with POST /v1/sources (asserting 201); returns its id (free it). */
static char *create_source(const char *key, const char *name, const char *payload,
                           const char *credentials, const char *map)
{
    char body[2048];
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"payload\":\"%s\",%s,\"field_map\":%s}", name,
             payload, credentials, map);
    struct api_response *r = api_post_json("/v1/sources", key, body);
    api_assert_status(r, 201);
    char *id = strdup(api_json_string(r, "/id"));
    api_response_free(r);
    return id;
}

/* "t=<t>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>" */
static void sign(const char *secret, long long t, const char *body, char *out, size_t size)
{
    char *msg = malloc(strlen(body) + 32);
    int n = sprintf(msg, "%lld.%s", t, body);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)msg, (size_t)n, mac, &len);
    free(msg);
    int used = snprintf(out, size, "X-Signature: t=%lld,v1=", t);
    for (unsigned i = 0; i < len; i++)
        used += snprintf(out + used, size - (size_t)used, "%02x", mac[i]);
}

/* POSTs a delivery; signature_header ("X-Signature: ...") and query ("?token=...") optional. */
static struct api_response *deliver(const char *source_id, const char *query,
                                    const char *content_type, const char *body,
                                    const char *signature_header)
{
    char path[256];
    snprintf(path, sizeof path, "/v1/webhooks/%s%s", source_id, query ? query : "");
    const char *headers[] = {signature_header, NULL};
    return api_send(&(struct api_call){.method = "POST",
                                       .path = path,
                                       .content_type = content_type,
                                       .body = body,
                                       .headers = signature_header ? headers : NULL});
}

/* A delivery signed now (plus skew seconds) with secret. */
static struct api_response *deliver_signed(const char *source_id, const char *secret,
                                           long long skew, const char *content_type,
                                           const char *body)
{
    char header[160];
    sign(secret, (long long)time(NULL) + skew, body, header, sizeof header);
    return deliver(source_id, NULL, content_type, body, header);
}

static long count(const char *sql, const char *param)
{
    char *n = api_sql_value(sql, param, NULL);
    long v = strtol(n, NULL, 10);
    free(n);
    return v;
}

static long leads_of(const char *source)
{
    return count("SELECT count(*) FROM leads WHERE source = $1", source);
}

static long events_of(const char *source)
{
    return count("SELECT count(*) FROM webhook_events WHERE source_name = $1", source);
}

/* A lead body for the JSON map; created_at is fixed so that hand-computed values hold. */
static void json_lead(char *out, size_t size, const char *id, const char *name)
{
    snprintf(out, size,
             "{\"lead\":{\"id\":%s,\"name\":\"%s\",\"created_at\":\"2025-01-15T10:00:00+03:00\"}}",
             id, name);
}

static void assert_401(struct api_response *r)
{
    api_assert_problem(r, 401);
    ck_assert_pstr_eq(api_json_string(r, "/detail"), "the delivery could not be authenticated");
    api_response_free(r);
}

/* --- sources -------------------------------------------------------------------------------- */

START_TEST(sources_are_created_read_and_replaced_without_showing_secrets)
{
    struct api_response *r =
        api_post_json("/v1/sources", api_admin_key(),
                      "{\"name\":\"wh_crud\",\"payload\":\"json\",\"secret\":\"" SECRET "\","
                      "\"field_map\":" JSON_MAP "}");
    api_assert_status(r, 201);
    const char *id = api_json_string(r, "/id");
    char path[96];
    snprintf(path, sizeof path, "/v1/webhooks/%s", id);
    ck_assert_pstr_eq(api_json_string(r, "/webhook_path"), path);
    ck_assert_pstr_eq(api_header(r, "Location"), "/v1/sources/wh_crud");
    ck_assert(json_is_true(api_json_at(r, "/signed")));
    ck_assert(json_is_false(api_json_at(r, "/token_set")));
    ck_assert_pstr_eq(api_json_string(r, "/target"), "lead");
    ck_assert_ptr_null(api_json_at(r, "/secret"));
    ck_assert_ptr_null(strstr(r->body, SECRET));
    ck_assert_pstr_eq(api_json_string(r, "/field_map/channel/const"), "site");
    char *saved_id = strdup(id);
    api_response_free(r);

    r = api_post_json("/v1/sources", api_admin_key(),
                      "{\"name\":\"wh_crud\",\"payload\":\"json\",\"secret\":\"" SECRET "\","
                      "\"field_map\":" JSON_MAP "}");
    api_assert_problem(r, 409);
    api_response_free(r);

    r = api_get("/v1/sources/wh_crud", api_admin_key());
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/id"), saved_id);
    ck_assert_ptr_null(strstr(r->body, SECRET));
    api_response_free(r);

    /* replace: a generated token is shown once and only its SHA-256 is kept */
    r = api_request("PUT", "/v1/sources/wh_crud", api_admin_key(), "application/json",
                    "{\"payload\":\"json\",\"generate_token\":true,\"field_map\":" JSON_MAP "}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/id"), saved_id);
    const char *token = api_json_string(r, "/token");
    ck_assert_ptr_nonnull(token);
    ck_assert(json_is_true(api_json_at(r, "/token_set")));
    ck_assert(json_is_true(api_json_at(r, "/signed"))); /* the secret was kept */
    char *stored = api_sql_value("SELECT token_hash = encode(sha256(convert_to($1, 'UTF8')),"
                                 " 'hex') FROM webhook_sources WHERE name = 'wh_crud'",
                                 token, NULL);
    ck_assert_str_eq(stored, "t");
    free(stored);
    api_response_free(r);
    r = api_get("/v1/sources/wh_crud", api_admin_key());
    ck_assert_ptr_null(api_json_at(r, "/token"));
    api_response_free(r);

    /* PUT of a new name creates it */
    r = api_request("PUT", "/v1/sources/wh_crud_2", api_admin_key(), "application/json",
                    "{\"payload\":\"form\",\"target\":\"lead\",\"token\":\"" TOKEN "\","
                    "\"field_map\":" AMO_MAP "}");
    api_assert_status(r, 201);
    ck_assert(json_is_false(api_json_at(r, "/signed")));
    api_response_free(r);

    r = api_get("/v1/sources?limit=1", api_admin_key());
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 1);
    ck_assert_ptr_nonnull(api_json_string(r, "/next_cursor"));
    api_response_free(r);
    r = api_get("/v1/sources/wh_nothing", api_admin_key());
    api_assert_problem(r, 404);
    api_response_free(r);
    free(saved_id);
}
END_TEST

START_TEST(a_new_secret_rotates_the_old_one)
{
    char *id =
        create_source(api_admin_key(), "wh_rotate", "json", "\"secret\":\"" SECRET "\"", JSON_MAP);
    struct api_response *r =
        api_request("PUT", "/v1/sources/wh_rotate", api_admin_key(), "application/json",
                    "{\"payload\":\"json\",\"secret\":\"" SECRET2 "\",\"field_map\":" JSON_MAP "}");
    api_assert_status(r, 200);
    ck_assert(json_is_true(api_json_at(r, "/rotating")));
    api_response_free(r);
    char body[256];
    /* both secrets are accepted during the rotation */
    json_lead(body, sizeof body, "501", "Old");
    r = deliver_signed(id, SECRET, 0, "application/json", body);
    api_assert_status(r, 200);
    api_response_free(r);
    json_lead(body, sizeof body, "502", "New");
    r = deliver_signed(id, SECRET2, 0, "application/json", body);
    api_assert_status(r, 200);
    api_response_free(r);
    /* ending the rotation leaves the new secret only */
    r = api_request("PUT", "/v1/sources/wh_rotate", api_admin_key(), "application/json",
                    "{\"payload\":\"json\",\"previous_secret\":null,\"field_map\":" JSON_MAP "}");
    api_assert_status(r, 200);
    ck_assert(json_is_false(api_json_at(r, "/rotating")));
    api_response_free(r);
    json_lead(body, sizeof body, "503", "Late");
    assert_401(deliver_signed(id, SECRET, 0, "application/json", body));
    ck_assert_int_eq(leads_of("wh_rotate"), 2);
    free(id);
}
END_TEST

START_TEST(invalid_sources_are_422_with_pointers)
{
    static const struct {
        const char *body, *field;
    } cases[] = {
        {"{\"name\":\"wh_bad\",\"payload\":\"json\",\"secret\":\"" SECRET "\","
         "\"field_map\":{\"nickname\":{\"from\":\"/n\"},\"channel\":{\"const\":\"x\"}}}",
         "/field_map/nickname"},
        {"{\"name\":\"wh_bad\",\"payload\":\"json\",\"secret\":\"" SECRET "\","
         "\"field_map\":{\"channel\":{\"from\":\"/c\",\"convert\":\"upper\"}}}",
         "/field_map/channel/convert"},
        {"{\"name\":\"wh_bad\",\"payload\":\"json\",\"secret\":\"" SECRET "\","
         "\"field_map\":{\"contact/phone\":{\"from\":\"phone\"}}}",
         "/field_map/contact~1phone/from"},
        {"{\"name\":\"wh_bad\",\"payload\":\"form\",\"secret\":\"" SECRET "\","
         "\"field_map\":{\"channel\":{}}}",
         "/field_map/channel"},
        {"{\"name\":\"wh_bad\",\"payload\":\"json\",\"field_map\":" JSON_MAP "}", "/secret"},
        {"{\"name\":\"wh_bad\",\"payload\":\"json\",\"secret\":\"short\",\"field_map\":" JSON_MAP
         "}",
         "/secret"},
        {"{\"name\":\"Wh Bad\",\"payload\":\"json\",\"secret\":\"" SECRET
         "\",\"field_map\":" JSON_MAP "}",
         "/name"},
        {"{\"name\":\"wh_bad\",\"payload\":\"xml\",\"secret\":\"" SECRET
         "\",\"field_map\":" JSON_MAP "}",
         "/payload"},
        {"{\"name\":\"wh_bad\",\"payload\":\"json\",\"secret\":\"" SECRET "\"}", "/field_map"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct api_response *r = api_post_json("/v1/sources", api_admin_key(), cases[i].body);
        api_assert_problem(r, 422);
        bool found = false;
        size_t k;
        json_t *e;
        json_array_foreach(api_json_at(r, "/errors"), k, e)
        {
            found |= strcmp(json_string_value(json_object_get(e, "field")), cases[i].field) == 0;
        }
        ck_assert_msg(found, "case %zu: no error at %s: %s", i, cases[i].field, r->body);
        api_response_free(r);
    }
    ck_assert_int_eq(count("SELECT count(*) FROM webhook_sources WHERE name = $1", "wh_bad"), 0);
}
END_TEST

/* --- deliveries ----------------------------------------------------------------------------- */

START_TEST(signed_json_delivery_is_stored_and_checked)
{
    char *id =
        create_source(api_admin_key(), "wh_json", "json", "\"secret\":\"" SECRET "\"", JSON_MAP);
    char body[256];
    json_lead(body, sizeof body, "1001", "Anna");
    char header[160];
    sign(SECRET, (long long)time(NULL), body, header, sizeof header);
    struct api_response *r = deliver(id, NULL, "application/json", body, header);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "created");
    char *event_id = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    char *created = api_sql_value("SELECT created_at = '2025-01-15T07:00:00Z' AND contact_name ="
                                  " 'Anna' AND channel = 'site' FROM leads"
                                  " WHERE source = 'wh_json' AND external_id = $1",
                                  "1001", NULL);
    ck_assert_pstr_eq(created, "t");
    free(created);

    /* the very same signed delivery again is a replay */
    assert_401(deliver(id, NULL, "application/json", body, header));
    /* the same body with a fresh signature is a duplicate: 200, nothing new */
    r = deliver_signed(id, SECRET, 1, "application/json", body);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "duplicate");
    ck_assert_pstr_eq(api_json_string(r, "/event_id"), event_id);
    api_response_free(r);
    ck_assert_int_eq(leads_of("wh_json"), 1);
    ck_assert_int_eq(events_of("wh_json"), 1);

    /* refused: wrong secret, stale or future timestamp, no signature, garbage, unknown source */
    json_lead(body, sizeof body, "1002", "Boris");
    assert_401(deliver_signed(id, "not-the-secret-at-all", 0, "application/json", body));
    assert_401(deliver_signed(id, SECRET, -600, "application/json", body));
    assert_401(deliver_signed(id, SECRET, 600, "application/json", body));
    assert_401(deliver(id, NULL, "application/json", body, NULL));
    assert_401(deliver(id, NULL, "application/json", body, "X-Signature: t=1,v1=zz"));
    assert_401(deliver(id, "?token=" TOKEN, "application/json", body, NULL));
    assert_401(deliver_signed("00000000-0000-4000-8000-000000000000", SECRET, 0, "application/json",
                              body));
    assert_401(deliver_signed("not-a-uuid", SECRET, 0, "application/json", body));
    ck_assert_int_eq(leads_of("wh_json"), 1);
    ck_assert_int_eq(events_of("wh_json"), 1);

    /* a form body for a JSON source */
    r = deliver_signed(id, SECRET, 0, "application/x-www-form-urlencoded", "a=1");
    api_assert_problem(r, 415);
    api_response_free(r);
    free(event_id);
    free(id);
}
END_TEST

START_TEST(token_deliveries)
{
    char *id =
        create_source(api_admin_key(), "wh_token", "json", "\"token\":\"" TOKEN "\"", JSON_MAP);
    char body[256];
    json_lead(body, sizeof body, "2001", "Vera");
    assert_401(deliver(id, "?token=" TOKEN "x", "application/json", body, NULL));
    assert_401(deliver(id, "?token=", "application/json", body, NULL));
    assert_401(deliver(id, NULL, "application/json", body, NULL));
    /* a token source has no secret to sign with */
    assert_401(deliver_signed(id, TOKEN, 0, "application/json", body));
    ck_assert_int_eq(leads_of("wh_token"), 0);
    struct api_response *r = deliver(id, "?token=" TOKEN, "application/json", body, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    ck_assert_int_eq(leads_of("wh_token"), 1);
    free(id);
}
END_TEST

START_TEST(amocrm_form_delivery_maps_each_lead)
{
    char *id =
        create_source(api_admin_key(), "wh_amo", "form", "\"secret\":\"" SECRET "\"", AMO_MAP);
    /* 1736935200 = 2025-01-15T10:00:00Z, 1736938800 = 11:00; brackets percent-encoded as
     * amoCRM sends them, '+' as a space */
    const char *body =
        "leads%5Badd%5D%5B0%5D%5Bid%5D=30101&leads%5Badd%5D%5B0%5D%5Bname%5D=Anna+K"
        "&leads%5Badd%5D%5B0%5D%5Bdate_create%5D=1736935200"
        "&leads%5Badd%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bid%5D=77"
        "&leads%5Badd%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Bvalue%5D="
        "%2B7+900+123-45-67"
        "&leads%5Bupdate%5D%5B0%5D%5Bid%5D=30102&leads%5Bupdate%5D%5B0%5D%5Bname%5D=Boris"
        "&leads%5Bupdate%5D%5B0%5D%5Bdate_create%5D=1736938800"
        "&account%5Bsubdomain%5D=acme";
    struct api_response *r =
        deliver_signed(id, SECRET, 0, "application/x-www-form-urlencoded", body);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/results")), 2);
    api_response_free(r);
    char *ok = api_sql_value("SELECT created_at = '2025-01-15T10:00:00Z' AND contact_phone ="
                             " '+7 900 123-45-67' AND contact_name = 'Anna K'"
                             " AND channel = 'amocrm' FROM leads"
                             " WHERE source = 'wh_amo' AND external_id = $1",
                             "30101", NULL);
    ck_assert_pstr_eq(ok, "t");
    free(ok);
    ok = api_sql_value("SELECT created_at = '2025-01-15T11:00:00Z' AND contact_phone IS NULL"
                       " FROM leads WHERE source = 'wh_amo' AND external_id = $1",
                       "30102", NULL);
    ck_assert_pstr_eq(ok, "t");
    free(ok);
    /* a JSON body for a form source */
    r = deliver_signed(id, SECRET, 0, "application/json", "{}");
    api_assert_problem(r, 415);
    api_response_free(r);
    free(id);
}
END_TEST

START_TEST(deal_source_links_deals_to_the_crm_leads)
{
    /* both sources write under one `source`, so the deal finds the lead by its CRM id */
    char *leads =
        create_source(api_admin_key(), "wh_crm_leads", "json", "\"secret\":\"" SECRET "\"",
                      "{\"source\":{\"const\":\"wh_crm\"},"
                      "\"external_id\":{\"from\":\"/lead/id\",\"convert\":\"string\"},"
                      "\"created_at\":{\"from\":\"/lead/created_at\"},"
                      "\"channel\":{\"const\":\"site\"}}");
    struct api_response *api_source = api_post_json(
        "/v1/sources", api_admin_key(),
        "{\"name\":\"wh_crm_deals\",\"payload\":\"json\",\"target\":\"deal\",\"secret\":\"" SECRET
        "\",\"field_map\":{\"source\":{\"const\":\"wh_crm\"},"
        "\"external_id\":{\"from\":\"/deal/id\",\"convert\":\"string\"},"
        "\"lead_external_id\":{\"from\":\"/deal/lead\",\"convert\":\"string\"},"
        "\"amount\":{\"from\":\"/deal/sum\",\"convert\":\"number\"},"
        "\"status\":{\"from\":\"/deal/state\"},"
        "\"closed_at\":{\"from\":\"/deal/closed\",\"convert\":\"unix_seconds\"}}}");
    api_assert_status(api_source, 201);
    ck_assert_pstr_eq(api_json_string(api_source, "/target"), "deal");
    char *deals = strdup(api_json_string(api_source, "/id"));
    api_response_free(api_source);

    char body[256];
    json_lead(body, sizeof body, "7001", "Ilya");
    struct api_response *r = deliver_signed(leads, SECRET, 0, "application/json", body);
    api_assert_status(r, 200);
    char *lead_id = strdup(api_json_string(r, "/results/0/id"));
    api_response_free(r);
    /* 1737000000 = 2025-01-16T04:00:00Z */
    r = deliver_signed(deals, SECRET, 0, "application/json",
                       "{\"deal\":{\"id\":9001,\"lead\":7001,\"sum\":\"125000.50\","
                       "\"state\":\"won\",\"closed\":1737000000}}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    char *ok = api_sql_value("SELECT lead_id = $1::uuid AND amount = 125000.50 AND status = 'won'"
                             " AND closed_at = '2025-01-16T04:00:00Z' FROM deals"
                             " WHERE source = 'wh_crm' AND external_id = '9001'",
                             lead_id, NULL);
    ck_assert_pstr_eq(ok, "t");
    free(ok);
    /* a deal of a lead the CRM never sent fails and waits in the inbox */
    r = deliver_signed(deals, SECRET, 0, "application/json",
                       "{\"deal\":{\"id\":9002,\"lead\":7999,\"sum\":1,\"state\":\"open\"}}");
    api_assert_status(r, 202);
    ck_assert_ptr_nonnull(strstr(api_json_string(r, "/error"), "lead_external_id"));
    api_response_free(r);
    free(lead_id);
    free(deals);
    free(leads);
}
END_TEST

/* The event of the source with this status, from GET /v1/webhook-events (owned), or NULL. */
static json_t *inbox_event(const char *source, const char *status)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/webhook-events?source=%s&status=%s", source, status);
    struct api_response *r = api_get(path, api_admin_key());
    api_assert_status(r, 200);
    json_t *event = json_incref(api_json_at(r, "/items/0"));
    api_response_free(r);
    return event;
}

START_TEST(failed_mapping_waits_in_the_inbox_and_replays_after_a_fix)
{
    /* the map forgets the channel a lead needs */
    const char *map = "{\"external_id\":{\"from\":\"/lead/id\",\"convert\":\"string\"},"
                      "\"created_at\":{\"from\":\"/lead/created_at\"}}";
    char *id = create_source(api_admin_key(), "wh_fix", "json", "\"secret\":\"" SECRET "\"", map);
    char body[256];
    json_lead(body, sizeof body, "4001", "Gleb");
    struct api_response *r = deliver_signed(id, SECRET, 0, "application/json", body);
    api_assert_status(r, 202);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "failed");
    ck_assert_ptr_nonnull(strstr(api_json_string(r, "/error"), "channel"));
    char *event_id = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    ck_assert_int_eq(leads_of("wh_fix"), 0);

    json_t *event = inbox_event("wh_fix", "failed");
    ck_assert_ptr_nonnull(event);
    ck_assert_str_eq(json_string_value(json_object_get(event, "id")), event_id);
    ck_assert_str_eq(json_string_value(json_object_get(event, "body")), body);
    ck_assert_str_eq(json_string_value(json_object_get(event, "content_type")), "application/json");
    ck_assert_int_eq(json_integer_value(json_object_get(event, "attempts")), 1);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(event, "error")), "channel"));
    json_decref(event);

    r = api_request("PUT", "/v1/sources/wh_fix", api_admin_key(), "application/json",
                    "{\"payload\":\"json\",\"field_map\":" JSON_MAP "}");
    api_assert_status(r, 200);
    api_response_free(r);
    char path[128];
    snprintf(path, sizeof path, "/v1/webhook-events/%s/replay", event_id);
    r = api_request("POST", path, api_admin_key(), NULL, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    ck_assert_pstr_eq(api_json_string(r, "/results/0/status"), "created");
    char *lead_id = strdup(api_json_string(r, "/results/0/id"));
    api_response_free(r);
    ck_assert_int_eq(leads_of("wh_fix"), 1);
    event = inbox_event("wh_fix", "mapped");
    ck_assert_int_eq(json_integer_value(json_object_get(event, "attempts")), 2);
    ck_assert(json_is_null(json_object_get(event, "error")));
    json_decref(event);

    /* a mapped event replays idempotently: the same lead */
    r = api_request("POST", path, api_admin_key(), NULL, NULL);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/results/0/id"), lead_id);
    api_response_free(r);
    ck_assert_int_eq(leads_of("wh_fix"), 1);

    r = api_request("POST", "/v1/webhook-events/00000000-0000-4000-8000-000000000000/replay",
                    api_admin_key(), NULL, NULL);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/webhook-events?status=lost", api_admin_key());
    api_assert_problem(r, 422);
    api_response_free(r);
    free(lead_id);
    free(event_id);
    free(id);
}
END_TEST

/* A delivery of body, signed now (plus skew seconds), mapped: the event's id (free it). */
static char *deliver_mapped(const char *source_id, long long skew, const char *body)
{
    struct api_response *r = deliver_signed(source_id, SECRET, skew, "application/json", body);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    char *event_id = strdup(api_json_string(r, "/event_id"));
    api_response_free(r);
    return event_id;
}

/* The event with this id from GET /v1/webhook-events?source=... (owned), or NULL. */
static json_t *inbox_event_by_id(const char *source, const char *event_id)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/webhook-events?source=%s", source);
    struct api_response *r = api_get(path, api_admin_key());
    api_assert_status(r, 200);
    json_t *found = NULL, *event;
    size_t i;
    json_array_foreach(api_json_at(r, "/items"), i, event)
    {
        if (strcmp(json_string_value(json_object_get(event, "id")), event_id) == 0)
            found = json_incref(event);
    }
    api_response_free(r);
    return found;
}

static void assert_body_erased(const char *source, const char *event_id, bool erased)
{
    json_t *event = inbox_event_by_id(source, event_id);
    ck_assert_ptr_nonnull(event);
    ck_assert_int_eq(json_is_null(json_object_get(event, "body")), erased);
    ck_assert_int_eq(json_is_string(json_object_get(event, "erased_at")), erased);
    json_decref(event);
}

START_TEST(erasing_a_lead_erases_the_bodies_that_wrote_it)
{
    char *id = create_source(api_admin_key(), "wh_erase", "json", "\"secret\":\"" SECRET "\"",
                             JSON_MAP);
    char created[256], renamed[256], other[256];
    json_lead(created, sizeof created, "5001", "Anna");
    json_lead(renamed, sizeof renamed, "5001", "Anna Karenina");
    json_lead(other, sizeof other, "5002", "Boris");
    char *first = deliver_mapped(id, 0, created);
    char *second = deliver_mapped(id, 0, renamed);
    char *third = deliver_mapped(id, 0, other);
    char *lead_id = api_sql_value("SELECT id FROM leads WHERE source = 'wh_erase'"
                                  " AND external_id = $1",
                                  "5001", NULL);

    char path[128];
    snprintf(path, sizeof path, "/v1/leads/%s", lead_id);
    struct api_response *r = api_delete(path, api_admin_key());
    api_assert_status(r, 204);
    api_response_free(r);
    /* both events that wrote Anna lose their bodies, in the database too; Boris's stays */
    assert_body_erased("wh_erase", first, true);
    assert_body_erased("wh_erase", second, true);
    assert_body_erased("wh_erase", third, false);
    ck_assert_int_eq(count("SELECT count(*) FROM webhook_events WHERE source_name = $1"
                           " AND position('\\x416e6e61'::bytea IN body) > 0", /* "Anna" */
                           "wh_erase"),
                     0);
    ck_assert_int_eq(count("SELECT count(*) FROM webhook_events WHERE source_name = $1"
                           " AND position('\\x426f726973'::bytea IN body) > 0", /* "Boris" */
                           "wh_erase"),
                     1);

    /* an erased event cannot be replayed; the lead stays erased */
    snprintf(path, sizeof path, "/v1/webhook-events/%s/replay", first);
    r = api_request("POST", path, api_admin_key(), NULL, NULL);
    api_assert_problem(r, 409);
    ck_assert_pstr_eq(api_json_string(r, "/type"), "urn:kpid:problem:erased");
    api_response_free(r);
    /* the same body again is still a duplicate of the erased event */
    r = deliver_signed(id, SECRET, 1, "application/json", created);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "duplicate");
    ck_assert_pstr_eq(api_json_string(r, "/event_id"), first);
    api_response_free(r);
    /* a later delivery for the erased lead is mapped, its contact left out, its body erased */
    char later[256];
    json_lead(later, sizeof later, "5001", "Anna Arkadyevna");
    char *fourth = deliver_mapped(id, 2, later);
    assert_body_erased("wh_erase", fourth, true);
    ck_assert_int_eq(count("SELECT count(*) FROM leads WHERE id = $1::uuid"
                           " AND contact_name IS NULL AND erased_at IS NOT NULL",
                           lead_id),
                     1);
    ck_assert_int_eq(count("SELECT count(*) FROM webhook_events WHERE source_name = $1"
                           " AND position('\\x416e6e61'::bytea IN body) > 0",
                           "wh_erase"),
                     0);
    free(fourth);
    free(lead_id);
    free(first);
    free(second);
    free(third);
    free(id);
}
END_TEST

START_TEST(garbage_is_kept_as_a_failed_event)
{
    char *id =
        create_source(api_admin_key(), "wh_garbage", "form", "\"secret\":\"" SECRET "\"", AMO_MAP);
    struct api_response *r = deliver_signed(id, SECRET, 0, "application/x-www-form-urlencoded",
                                            "leads[add][0][id]=1&leads[add][0][date_create]=%ZZ");
    api_assert_status(r, 202);
    ck_assert_ptr_nonnull(strstr(api_json_string(r, "/error"), "not a valid form"));
    api_response_free(r);
    /* not UTF-8: kept, listed with a null body */
    r = deliver_signed(id, SECRET, 0, "application/x-www-form-urlencoded", "a=\xff\xfe");
    api_assert_status(r, 202);
    api_response_free(r);
    r = api_get("/v1/webhook-events?source=wh_garbage", api_admin_key());
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 2);
    ck_assert(json_is_null(api_json_at(r, "/items/1/body")));
    api_response_free(r);
    ck_assert_int_eq(leads_of("wh_garbage"), 0);
    free(id);
}
END_TEST

START_TEST(sources_and_events_are_confined_to_their_workspace)
{
    char *id =
        create_source(api_admin_key(), "wh_iso", "json", "\"secret\":\"" SECRET "\"", JSON_MAP);
    char body[256];
    json_lead(body, sizeof body, "5001", "Dina");
    struct api_response *r = deliver_signed(id, SECRET, 0, "application/json", body);
    api_assert_status(r, 200);
    char path[128];
    snprintf(path, sizeof path, "/v1/webhook-events/%s/replay", api_json_string(r, "/event_id"));
    api_response_free(r);

    char *other = api_new_workspace_key("webhooks-other", "admin");
    r = api_get("/v1/sources/wh_iso", other);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_request("POST", path, other, NULL, NULL);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/webhook-events?source=wh_iso", other);
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 0);
    api_response_free(r);
    r = api_get("/v1/sources", other);
    api_assert_status(r, 200);
    ck_assert_ptr_null(strstr(r->body, "wh_iso"));
    api_response_free(r);
    /* the same name there is that workspace's own source */
    r = api_request("PUT", "/v1/sources/wh_iso", other, "application/json",
                    "{\"payload\":\"json\",\"secret\":\"" SECRET2 "\",\"field_map\":" JSON_MAP "}");
    api_assert_status(r, 201);
    ck_assert_str_ne(api_json_string(r, "/id"), id);
    api_response_free(r);
    r = api_get("/v1/sources/wh_iso", api_admin_key());
    ck_assert_pstr_eq(api_json_string(r, "/id"), id);
    api_response_free(r);

    /* ingest and read keys cannot administer sources or the inbox */
    char *ingest = api_new_workspace_key("api-test", "ingest,read");
    r = api_post_json("/v1/sources", ingest,
                      "{\"name\":\"wh_scope\",\"payload\":\"json\",\"secret\":\"" SECRET
                      "\",\"field_map\":" JSON_MAP "}");
    api_assert_problem(r, 403);
    api_response_free(r);
    r = api_get("/v1/webhook-events", ingest);
    api_assert_problem(r, 403);
    api_response_free(r);
    free(ingest);
    free(other);
    free(id);
}
END_TEST

/* GET /v1/sources/{name}'s inbox counts (owned). */
static json_t *source_events(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/sources/%s", name);
    struct api_response *r = api_get(path, api_admin_key());
    api_assert_status(r, 200);
    json_t *events = json_incref(api_json_at(r, "/events"));
    api_response_free(r);
    return events;
}

static long long events_count(const json_t *events, const char *status)
{
    return json_integer_value(json_object_get(events, status));
}

/* POST /v1/sources/{name}/replay with an optional query and Idempotency-Key. */
static struct api_response *replay_source(const char *key, const char *name, const char *query,
                                          const char *idempotency_header)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/sources/%s/replay%s", name, query);
    const char *headers[] = {idempotency_header, NULL};
    return api_send(&(struct api_call){.method = "POST",
                                       .path = path,
                                       .key = key,
                                       .headers = idempotency_header ? headers : NULL});
}

static void assert_replay(struct api_response *r, int replayed, int mapped, int failed,
                          int remaining)
{
    api_assert_status(r, 200);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/replayed")), replayed);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/mapped")), mapped);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/failed")), failed);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/remaining")), remaining);
}

START_TEST(parked_deliveries_are_counted_and_replayed_in_bulk)
{
    /* the map forgets the channel: every delivery is stored, answered 202 and parked */
    const char *map = "{\"external_id\":{\"from\":\"/lead/id\",\"convert\":\"string\"},"
                      "\"created_at\":{\"from\":\"/lead/created_at\"}}";
    char *id = create_source(api_admin_key(), "wh_park", "json", "\"secret\":\"" SECRET "\"", map);
    json_t *events = source_events("wh_park");
    ck_assert_int_eq(events_count(events, "failed"), 0);
    ck_assert(json_is_null(json_object_get(events, "last_error")));
    json_decref(events);
    const char *ids[] = {"7001", "7002", "7003"};
    for (size_t i = 0; i < 3; i++) {
        char body[256];
        json_lead(body, sizeof body, ids[i], "Parked");
        struct api_response *r = deliver_signed(id, SECRET, 0, "application/json", body);
        api_assert_status(r, 202);
        api_response_free(r);
    }
    events = source_events("wh_park");
    ck_assert_int_eq(events_count(events, "failed"), 3);
    ck_assert_int_eq(events_count(events, "mapped"), 0);
    ck_assert_int_eq(events_count(events, "pending_fetch"), 0);
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(events, "last_error")), "channel"));
    ck_assert(json_is_string(json_object_get(events, "last_error_at")));
    json_decref(events);
    struct api_response *r = api_get("/v1/sources?limit=100", api_admin_key());
    api_assert_status(r, 200);
    ck_assert_ptr_nonnull(strstr(r->body, "\"failed\":3"));
    api_response_free(r);
    ck_assert(crm_metrics_show("wh_park", "failed", 3));
    ck_assert(crm_metrics_show("wh_park", "mapped", 0));
    ck_assert(crm_metrics_show("wh_park", "pending_fetch", 0));

    /* another workspace cannot replay it; only failed events replay in bulk */
    char *other = api_new_workspace_key("webhooks-other", "admin");
    r = replay_source(other, "wh_park", "", NULL);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(other);
    r = replay_source(api_admin_key(), "wh_park", "?status=mapped", NULL);
    api_assert_problem(r, 422);
    api_response_free(r);
    r = replay_source(api_admin_key(), "wh_nosuch", "", NULL);
    api_assert_problem(r, 404);
    api_response_free(r);

    /* fixed map, one bulk replay: all mapped, and a retry with the key changes nothing */
    r = api_request("PUT", "/v1/sources/wh_park", api_admin_key(), "application/json",
                    "{\"payload\":\"json\",\"field_map\":" JSON_MAP "}");
    api_assert_status(r, 200);
    api_response_free(r);
    r = replay_source(api_admin_key(), "wh_park", "?status=failed", "Idempotency-Key: park-1");
    assert_replay(r, 3, 3, 0, 0);
    api_response_free(r);
    r = replay_source(api_admin_key(), "wh_park", "?status=failed", "Idempotency-Key: park-1");
    assert_replay(r, 3, 3, 0, 0);
    ck_assert_pstr_eq(api_header(r, "Idempotency-Replayed"), "true");
    api_response_free(r);
    ck_assert_int_eq(leads_of("wh_park"), 3);
    events = source_events("wh_park");
    ck_assert_int_eq(events_count(events, "failed"), 0);
    ck_assert_int_eq(events_count(events, "mapped"), 3);
    ck_assert(json_is_string(json_object_get(events, "last_error")));
    json_decref(events);
    ck_assert(crm_metrics_show("wh_park", "failed", 0));
    ck_assert(crm_metrics_show("wh_park", "mapped", 3));

    /* an event the fixed map still refuses fails again: tried, so not remaining */
    r = deliver_signed(id, SECRET, 0, "application/json", "{\"lead\":{\"name\":\"No id\"}}");
    api_assert_status(r, 202);
    api_response_free(r);
    r = replay_source(api_admin_key(), "wh_park", "", NULL);
    assert_replay(r, 1, 0, 1, 0);
    api_response_free(r);
    events = source_events("wh_park");
    ck_assert_int_eq(events_count(events, "failed"), 1);
    ck_assert_int_eq(events_count(events, "mapped"), 3);
    json_decref(events);
    free(id);
}
END_TEST

/* A delivery writes nothing to its source's row: it maps and counts while another session
 * holds that row as an UPDATE would (the counts used to be columns of that row, and
 * deliveries of one source took turns on it). */
START_TEST(a_delivery_does_not_wait_for_its_source_row)
{
    char *id =
        create_source(api_admin_key(), "wh_held", "json", "\"secret\":\"" SECRET "\"", JSON_MAP);
    PGconn *holder = PQconnectdb(getenv("KPID_TEST_DATABASE_URL"));
    ck_assert_int_eq(PQstatus(holder), CONNECTION_OK);
    PQclear(PQexec(holder, "BEGIN"));
    PGresult *held = PQexec(holder, "SELECT id FROM webhook_sources WHERE name = 'wh_held'"
                                    " FOR NO KEY UPDATE");
    ck_assert_int_eq(PQntuples(held), 1);
    PQclear(held);
    char body[256];
    json_lead(body, sizeof body, "8001", "Held");
    struct api_response *r = deliver_signed(id, SECRET, 0, "application/json", body);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/status"), "mapped");
    api_response_free(r);
    PQclear(PQexec(holder, "COMMIT"));
    PQfinish(holder);
    json_t *events = source_events("wh_held");
    ck_assert_int_eq(events_count(events, "mapped"), 1);
    json_decref(events);
    free(id);
}
END_TEST

/* A source's counts are the sums of the rows its sessions wrote, and its last error that of
 * the latest failure among them. */
START_TEST(a_sources_counts_add_up_its_sessions_rows)
{
    free(create_source(api_admin_key(), "wh_slots", "json", "\"secret\":\"" SECRET "\"", JSON_MAP));
    free(api_sql_value(
        "INSERT INTO webhook_source_counts (workspace_id, source_name, slot, mapped_events,"
        " failed_events, pending_fetch_events, last_error, last_error_at)"
        " SELECT workspace_id, name, slot, m, f, p, e, now() - a::interval"
        " FROM webhook_sources, (VALUES (60, 2, 1, 0, 'older failure', '1 hour'),"
        " (61, 3, 2, 1, 'latest failure', '1 minute'), (62, 1, 0, 0, NULL, NULL))"
        " AS v (slot, m, f, p, e, a) WHERE name = 'wh_slots'",
        NULL));
    json_t *events = source_events("wh_slots");
    ck_assert_int_eq(events_count(events, "mapped"), 6);
    ck_assert_int_eq(events_count(events, "failed"), 3);
    ck_assert_int_eq(events_count(events, "pending_fetch"), 1);
    ck_assert_pstr_eq(json_string_value(json_object_get(events, "last_error")), "latest failure");
    json_decref(events);
}
END_TEST

/* Last: it stops and restarts the database under the running server. */
START_TEST(database_outage_is_503_never_4xx)
{
    char *id =
        create_source(api_admin_key(), "wh_outage", "json", "\"secret\":\"" SECRET "\"", JSON_MAP);
    char body[256];
    json_lead(body, sizeof body, "6001", "Emil");
    api_db_stop();
    /* once kpid has noticed, as in the foundation suite's outage test: a pooled connection's
     * first failure is a libpq error without SQLSTATE, which kpid_db_classify answers 500 */
    struct api_response *down = api_poll("/readyz", NULL, 503, 10);
    api_assert_status(down, 503);
    api_response_free(down);
    struct api_response *r = deliver_signed(id, SECRET, 0, "application/json", body);
    api_assert_problem(r, 503);
    ck_assert_ptr_nonnull(api_header(r, "Retry-After"));
    api_response_free(r);
    api_db_start();
    struct api_response *ready = api_poll("/readyz", NULL, 200, 10);
    api_assert_status(ready, 200);
    api_response_free(ready);
    r = deliver_signed(id, SECRET, 0, "application/json", body);
    api_assert_status(r, 200);
    api_response_free(r);
    ck_assert_int_eq(leads_of("wh_outage"), 1);
    free(id);
}
END_TEST

Suite *api_webhooks_suite(void)
{
    Suite *s = suite_create("api_webhooks");
    TCase *sources = tcase_create("sources");
    tcase_set_timeout(sources, 30);
    tcase_add_test(sources, sources_are_created_read_and_replaced_without_showing_secrets);
    tcase_add_test(sources, a_new_secret_rotates_the_old_one);
    tcase_add_test(sources, invalid_sources_are_422_with_pointers);
    suite_add_tcase(s, sources);

    TCase *deliveries = tcase_create("deliveries");
    tcase_set_timeout(deliveries, 30);
    tcase_add_test(deliveries, signed_json_delivery_is_stored_and_checked);
    tcase_add_test(deliveries, token_deliveries);
    tcase_add_test(deliveries, amocrm_form_delivery_maps_each_lead);
    tcase_add_test(deliveries, deal_source_links_deals_to_the_crm_leads);
    tcase_add_test(deliveries, failed_mapping_waits_in_the_inbox_and_replays_after_a_fix);
    tcase_add_test(deliveries, erasing_a_lead_erases_the_bodies_that_wrote_it);
    tcase_add_test(deliveries, garbage_is_kept_as_a_failed_event);
    tcase_add_test(deliveries, sources_and_events_are_confined_to_their_workspace);
    tcase_add_test(deliveries, parked_deliveries_are_counted_and_replayed_in_bulk);
    tcase_add_test(deliveries, a_delivery_does_not_wait_for_its_source_row);
    tcase_add_test(deliveries, a_sources_counts_add_up_its_sessions_rows);
    suite_add_tcase(s, deliveries);

    TCase *outage = tcase_create("database_outage");
    tcase_set_timeout(outage, 60);
    tcase_add_test(outage, database_outage_is_503_never_4xx);
    suite_add_tcase(s, outage);
    return s;
}
