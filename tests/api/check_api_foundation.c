/* API tests of kpid's foundation: probes, HTTP framing, CORS, API keys, a database outage. */
#include "client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TWO_MIB (2u * 1024 * 1024)
#define ALLOWED_ORIGIN "http://frontend.test" /* tests/api/run.sh sets KPID_CORS_ORIGINS to it */

/* --- helpers -------------------------------------------------------------------------------- */

/* The server still answers a plain request, on a new connection. */
static void assert_still_serving(void)
{
    struct api_response *r = api_get("/healthz", NULL);
    api_assert_status(r, 200);
    api_response_free(r);
}

/* A possibly absent string, printable in a message. */
static const char *shown(const char *s)
{
    return s ? s : "(none)";
}

static void assert_no_header(const struct api_response *r, const char *name)
{
    ck_assert_msg(api_header(r, name) == NULL, "%s %s: unexpected %s: %s", r->method, r->path, name,
                  shown(api_header(r, name)));
}

static void assert_request_id(const struct api_response *r)
{
    const char *id = api_header(r, "X-Request-Id");
    ck_assert_msg(id != NULL && *id != '\0', "%s %s: no X-Request-Id", r->method, r->path);
}

/* POSTs {"name": name, "scopes": scopes_json} to /v1/api-keys with `key`. */
static struct api_response *post_api_key(const char *key, const char *name, const char *scopes_json)
{
    char body[512];
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"scopes\":%s}", name, scopes_json);
    return api_post_json("/v1/api-keys", key, body);
}

/* Creates a key in the api-test workspace; returns the 201 response. */
static struct api_response *create_api_key(const char *name, const char *scopes_json)
{
    struct api_response *r = post_api_key(api_admin_key(), name, scopes_json);
    api_assert_status(r, 201);
    return r;
}

/* Sends `framing` (header lines) and `body` in one raw POST to /v1/api-keys and checks the
 * answer is a problem+json with `status`. */
static void assert_raw_post_problem(const char *framing, const char *body, long status)
{
    char request[2048];
    int n = snprintf(request, sizeof request,
                     "POST /v1/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                     "Connection: close\r\n%s\r\n%s",
                     api_admin_key(), framing, body);
    ck_assert(n > 0 && (size_t)n < sizeof request);
    char *reply;
    long got = api_raw(request, (size_t)n, &reply);
    ck_assert_msg(got == status && strstr(reply, "application/problem+json") != NULL,
                  "expected a %ld problem, got: %.600s", status, reply);
    free(reply);
}

/* The item of a list response whose "id" is `id`, or NULL. */
static json_t *find_item(const struct api_response *r, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(api_json_at(r, "/items"), i, item)
    {
        const char *item_id = json_string_value(json_object_get(item, "id"));
        if (item_id != NULL && strcmp(item_id, id) == 0)
            return item;
    }
    return NULL;
}

/* How many tables of the database hold `text` anywhere in a row: 0 for a secret kept hashed. */
static long tables_containing(const char *text)
{
    char *n = api_sql_value(
        "SELECT count(*) FROM information_schema.tables t,"
        " LATERAL query_to_xml(format('SELECT 1 FROM %I.%I r WHERE strpos(r::text, %L) > 0',"
        " t.table_schema, t.table_name, $1::text), false, true, '') AS found(x)"
        " WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
        " AND found.x::text <> ''",
        text);
    long count = strtol(n, NULL, 10);
    free(n);
    return count;
}

/* --- probes --------------------------------------------------------------------------------- */

START_TEST(healthz_answers_ok)
{
    struct api_response *r = api_get("/healthz", NULL);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "application/json"));
    ck_assert_pstr_eq(api_json_string(r, "/status"), "ok");
    api_response_free(r);
}
END_TEST

START_TEST(head_is_answered_like_get_without_body)
{
    struct api_response *r = api_request("HEAD", "/healthz", NULL, NULL, NULL);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "application/json"));
    ck_assert_uint_eq(r->len, 0);
    api_response_free(r);
}
END_TEST

START_TEST(readyz_answers_ready)
{
    struct api_response *r = api_get("/readyz", NULL);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "application/json"));
    ck_assert_pstr_eq(api_json_string(r, "/status"), "ready");
    api_response_free(r);
}
END_TEST

START_TEST(metrics_expose_request_counters_and_latency)
{
    assert_still_serving();
    struct api_response *r = api_get("/metrics", NULL);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "text/plain"));
    ck_assert_ptr_nonnull(strstr(r->body, "kpid_http_requests_total"));
    ck_assert_ptr_nonnull(strstr(r->body, "kpid_http_request_duration_seconds_bucket"));
    api_response_free(r);
}
END_TEST

START_TEST(openapi_document_is_served_as_committed)
{
    struct api_response *r = api_get("/openapi.yaml", NULL);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "application/yaml"));
    ck_assert_ptr_nonnull(strstr(r->body, "openapi: 3.1"));
    size_t len;
    char *committed = api_read_file("openapi.yaml", &len);
    ck_assert_msg(r->len == len && memcmp(r->body, committed, len) == 0,
                  "served openapi.yaml differs from the repository's");
    free(committed);
    api_response_free(r);
}
END_TEST

/* --- HTTP: routing, request ids, framing ----------------------------------------------------- */

START_TEST(every_response_has_a_distinct_request_id)
{
    struct api_response *ok = api_get("/healthz", NULL);
    struct api_response *missing = api_get("/no/such/path", NULL);
    struct api_response *wrong = api_request("DELETE", "/healthz", NULL, NULL, NULL);
    assert_request_id(ok);
    assert_request_id(missing);
    assert_request_id(wrong);
    ck_assert_str_ne(api_header(ok, "X-Request-Id"), api_header(missing, "X-Request-Id"));
    api_response_free(ok);
    api_response_free(missing);
    api_response_free(wrong);
}
END_TEST

START_TEST(client_request_id_is_echoed)
{
    struct api_response *r = api_request("GET", "/healthz", NULL, NULL, NULL,
                                         "X-Request-Id: kpid-test-0123456789abcdef");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_header(r, "X-Request-Id"), "kpid-test-0123456789abcdef");
    api_response_free(r);
}
END_TEST

START_TEST(unusable_client_request_id_is_replaced)
{
    struct api_response *r =
        api_request("GET", "/healthz", NULL, NULL, NULL, "X-Request-Id: two words");
    api_assert_status(r, 200);
    assert_request_id(r);
    ck_assert_str_ne(api_header(r, "X-Request-Id"), "two words");
    api_response_free(r);
}
END_TEST

START_TEST(unknown_path_is_404_problem)
{
    struct api_response *r = api_get("/no/such/path", NULL);
    api_assert_problem(r, 404);
    api_response_free(r);
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
    struct api_response *r = api_request("DELETE", "/healthz", NULL, NULL, NULL);
    api_assert_problem(r, 405);
    ck_assert_msg(api_header_has_token(r, "Allow", "GET") &&
                      api_header_has_token(r, "Allow", "HEAD") &&
                      api_header_has_token(r, "Allow", "OPTIONS"),
                  "Allow: %s", shown(api_header(r, "Allow")));
    api_response_free(r);
}
END_TEST

START_TEST(body_over_the_cap_is_413_and_serving_goes_on)
{
    char *body = api_padded_json(TWO_MIB);
    struct api_response *r = api_post_json("/v1/api-keys", api_admin_key(), body);
    api_assert_problem(r, 413);
    api_response_free(r);
    free(body);
    assert_still_serving();
}
END_TEST

START_TEST(chunked_body_over_the_cap_is_413)
{
    char *body = api_padded_json(TWO_MIB);
    struct api_response *r = api_send(&(struct api_call){.method = "POST",
                                                         .path = "/v1/api-keys",
                                                         .key = api_admin_key(),
                                                         .content_type = "application/json",
                                                         .body = body,
                                                         .chunked = true});
    api_assert_problem(r, 413);
    api_response_free(r);
    free(body);
    assert_still_serving();
}
END_TEST

START_TEST(conflicting_content_lengths_are_400)
{
    assert_raw_post_problem("Content-Length: 2\r\nContent-Length: 12\r\n", "{}", 400);
    assert_still_serving();
}
END_TEST

START_TEST(content_length_with_transfer_encoding_is_400)
{
    assert_raw_post_problem("Content-Length: 7\r\nTransfer-Encoding: chunked\r\n",
                            "2\r\n{}\r\n0\r\n\r\n", 400);
    assert_still_serving();
}
END_TEST

/* --- CORS ----------------------------------------------------------------------------------- */

START_TEST(allowed_origin_is_echoed)
{
    struct api_response *r =
        api_request("GET", "/healthz", NULL, NULL, NULL, "Origin: " ALLOWED_ORIGIN);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_header(r, "Access-Control-Allow-Origin"), ALLOWED_ORIGIN);
    ck_assert_msg(api_header_has_token(r, "Vary", "Origin"), "an echoed origin needs Vary: Origin");
    api_response_free(r);
}
END_TEST

START_TEST(preflight_allows_method_and_authorization)
{
    struct api_response *r =
        api_request("OPTIONS", "/v1/api-keys", NULL, NULL, NULL, "Origin: " ALLOWED_ORIGIN,
                    "Access-Control-Request-Method: POST",
                    "Access-Control-Request-Headers: authorization, content-type");
    api_assert_status(r, 204);
    ck_assert_pstr_eq(api_header(r, "Access-Control-Allow-Origin"), ALLOWED_ORIGIN);
    ck_assert_msg(api_header_has_token(r, "Access-Control-Allow-Methods", "POST"),
                  "Access-Control-Allow-Methods: %s",
                  shown(api_header(r, "Access-Control-Allow-Methods")));
    ck_assert_msg(api_header_has_token(r, "Access-Control-Allow-Headers", "Authorization"),
                  "Access-Control-Allow-Headers: %s",
                  shown(api_header(r, "Access-Control-Allow-Headers")));
    api_response_free(r);
}
END_TEST

START_TEST(other_origins_get_no_cors_headers)
{
    struct api_response *simple =
        api_request("GET", "/healthz", NULL, NULL, NULL, "Origin: http://elsewhere.test");
    api_assert_status(simple, 200);
    assert_no_header(simple, "Access-Control-Allow-Origin");
    struct api_response *preflight =
        api_request("OPTIONS", "/v1/api-keys", NULL, NULL, NULL, "Origin: http://elsewhere.test",
                    "Access-Control-Request-Method: POST");
    assert_no_header(preflight, "Access-Control-Allow-Origin");
    api_response_free(simple);
    api_response_free(preflight);
}
END_TEST

/* --- authentication ------------------------------------------------------------------------- */

START_TEST(missing_key_is_401)
{
    struct api_response *r = api_get("/v1/api-keys", NULL);
    api_assert_problem(r, 401);
    api_response_free(r);
}
END_TEST

START_TEST(unknown_key_is_401)
{
    struct api_response *garbage = api_get("/v1/api-keys", "garbage");
    api_assert_problem(garbage, 401);
    struct api_response *lookalike =
        api_get("/v1/api-keys", "kpid_0000000000000000000000000000000000000000000");
    api_assert_problem(lookalike, 401);
    api_response_free(garbage);
    api_response_free(lookalike);
}
END_TEST

/* --- API keys ------------------------------------------------------------------------------- */

START_TEST(created_key_is_shown_once_and_stored_hashed)
{
    struct api_response *r = create_api_key("reporting", "[\"read\"]");
    ck_assert(api_content_type_is(r, "application/json"));
    const char *key = api_json_string(r, "/key");
    const char *prefix = api_json_string(r, "/prefix");
    ck_assert_ptr_nonnull(api_json_string(r, "/id"));
    ck_assert_ptr_nonnull(api_json_string(r, "/created_at"));
    ck_assert_pstr_eq(api_json_string(r, "/name"), "reporting");
    ck_assert_pstr_eq(api_json_string(r, "/scopes/0"), "read");
    ck_assert_msg(key != NULL && strncmp(key, "kpid_", 5) == 0 && strlen(key) >= 40,
                  "key %s: expected kpid_ and at least 40 characters", shown(key));
    ck_assert_msg(prefix != NULL && *prefix != '\0' && strncmp(key, prefix, strlen(prefix)) == 0,
                  "prefix %s is not the start of the key", shown(prefix));

    ck_assert_msg(tables_containing(key) == 0, "the secret is stored in plain text");

    struct api_response *list = api_get("/v1/api-keys", api_admin_key());
    api_assert_status(list, 200);
    json_t *item = find_item(list, api_json_string(r, "/id"));
    ck_assert_msg(item != NULL, "the new key is not listed: %.600s", list->body);
    ck_assert_ptr_null(json_object_get(item, "key"));
    ck_assert_pstr_eq(json_string_value(json_object_get(item, "prefix")), prefix);
    api_response_free(list);
    api_response_free(r);
}
END_TEST

START_TEST(idempotent_creation_stores_no_secret)
{
    const char *body = "{\"name\":\"retried\",\"scopes\":[\"read\"]}";
    struct api_response *first = api_request("POST", "/v1/api-keys", api_admin_key(),
                                             "application/json", body, "Idempotency-Key: ik-1");
    api_assert_status(first, 201);
    struct api_response *again = api_request("POST", "/v1/api-keys", api_admin_key(),
                                             "application/json", body, "Idempotency-Key: ik-1");
    api_assert_status(again, 201);
    ck_assert_pstr_eq(api_json_string(again, "/id"), api_json_string(first, "/id"));
    ck_assert_msg(tables_containing(api_json_string(first, "/key")) == 0,
                  "the secret is stored in plain text (for Idempotency-Key replays?)");
    api_response_free(again);
    api_response_free(first);
}
END_TEST

START_TEST(new_key_authenticates_within_its_scopes)
{
    struct api_response *created = create_api_key("reader", "[\"read\"]");
    const char *reader = api_json_string(created, "/key");
    struct api_response *denied = post_api_key(reader, "escalation", "[\"admin\"]");
    api_assert_problem(denied, 403);
    api_response_free(denied);
    api_response_free(created);
}
END_TEST

/* The request before the revocation leaves the key in kpid's key cache: the 401 right after
 * shows that revoking through kpid drops it at once. */
START_TEST(deleted_key_stops_working)
{
    struct api_response *created = create_api_key("short-lived", "[\"admin\"]");
    const char *key = api_json_string(created, "/key");
    char path[256];
    snprintf(path, sizeof path, "/v1/api-keys/%s", api_json_string(created, "/id"));

    struct api_response *before = api_get("/v1/api-keys", key);
    api_assert_status(before, 200);
    struct api_response *deleted = api_delete(path, api_admin_key());
    api_assert_status(deleted, 204);
    ck_assert_uint_eq(deleted->len, 0);
    struct api_response *after = api_get("/v1/api-keys", key);
    api_assert_problem(after, 401);

    api_response_free(after);
    api_response_free(deleted);
    api_response_free(before);
    api_response_free(created);
}
END_TEST

/* A key revoked beside this kpid (another instance, or by hand) is refused once the key cache
 * lifetime (KPID_KEY_CACHE_SECONDS=1 in run.sh) has passed. */
START_TEST(key_revoked_elsewhere_is_refused_within_the_cache_lifetime)
{
    struct api_response *created = create_api_key("revoked-elsewhere", "[\"read\"]");
    const char *key = api_json_string(created, "/key");
    struct api_response *before = api_get("/v1/leads", key);
    api_assert_status(before, 200);
    free(api_sql_value("UPDATE api_keys SET revoked_at = now() WHERE id = $1::uuid RETURNING id",
                       api_json_string(created, "/id")));
    usleep(1200 * 1000);
    struct api_response *after = api_get("/v1/leads", key);
    api_assert_problem(after, 401);
    api_response_free(after);
    api_response_free(before);
    api_response_free(created);
}
END_TEST

START_TEST(deleting_an_unknown_key_is_404)
{
    struct api_response *r =
        api_delete("/v1/api-keys/00000000-0000-4000-8000-000000000000", api_admin_key());
    api_assert_problem(r, 404);
    api_response_free(r);
}
END_TEST

START_TEST(missing_name_is_422_naming_the_field)
{
    struct api_response *r =
        api_post_json("/v1/api-keys", api_admin_key(), "{\"scopes\":[\"read\"]}");
    api_assert_problem(r, 422);
    ck_assert_pstr_eq(api_json_string(r, "/errors/0/field"), "/name");
    ck_assert_ptr_nonnull(api_json_string(r, "/errors/0/message"));
    api_response_free(r);
}
END_TEST

START_TEST(malformed_json_is_400)
{
    struct api_response *r = api_post_json("/v1/api-keys", api_admin_key(), "{\"name\":");
    api_assert_problem(r, 400);
    api_response_free(r);
}
END_TEST

START_TEST(other_content_type_is_415)
{
    struct api_response *r = api_request("POST", "/v1/api-keys", api_admin_key(), "text/plain",
                                         "{\"name\":\"x\",\"scopes\":[\"read\"]}");
    api_assert_problem(r, 415);
    api_response_free(r);
}
END_TEST

START_TEST(list_pages_with_a_cursor)
{
    enum { KEYS = 5 };
    struct api_response *created[KEYS];
    for (int i = 0; i < KEYS; i++)
        created[i] = create_api_key("paged", "[\"read\"]");
    int seen[KEYS] = {0};
    char path[512] = "/v1/api-keys?limit=2";
    for (int pages = 0;; pages++) {
        ck_assert_msg(pages < 100, "the cursor never ends");
        struct api_response *page = api_get(path, api_admin_key());
        api_assert_status(page, 200);
        ck_assert_uint_le(json_array_size(api_json_at(page, "/items")), 2);
        for (int i = 0; i < KEYS; i++)
            seen[i] += find_item(page, api_json_string(created[i], "/id")) != NULL;
        const char *next = api_json_string(page, "/next_cursor");
        if (next != NULL)
            snprintf(path, sizeof path, "/v1/api-keys?limit=2&cursor=%s", next);
        api_response_free(page);
        if (next == NULL)
            break;
    }
    for (int i = 0; i < KEYS; i++) {
        ck_assert_msg(seen[i] == 1, "key %d listed %d times", i, seen[i]);
        api_response_free(created[i]);
    }
}
END_TEST

START_TEST(bad_limit_or_cursor_is_422)
{
    struct api_response *limit = api_get("/v1/api-keys?limit=0", api_admin_key());
    api_assert_problem(limit, 422);
    struct api_response *cursor = api_get("/v1/api-keys?cursor=not-ours", api_admin_key());
    api_assert_problem(cursor, 422);
    api_response_free(cursor);
    api_response_free(limit);
}
END_TEST

START_TEST(unknown_scope_is_422)
{
    struct api_response *r = post_api_key(api_admin_key(), "bad-scope", "[\"superuser\"]");
    api_assert_problem(r, 422);
    ck_assert_ptr_nonnull(api_json_at(r, "/errors/0"));
    api_response_free(r);
}
END_TEST

START_TEST(keys_are_confined_to_their_workspace)
{
    struct api_response *ours = create_api_key("ours", "[\"admin\"]");
    const char *id = api_json_string(ours, "/id");
    char *theirs = api_new_workspace_key("api-test-other", "admin");
    char path[256];
    snprintf(path, sizeof path, "/v1/api-keys/%s", id);

    struct api_response *list = api_get("/v1/api-keys", theirs);
    api_assert_status(list, 200);
    ck_assert_msg(find_item(list, id) == NULL, "another workspace lists our key");
    struct api_response *deleted = api_delete(path, theirs);
    api_assert_problem(deleted, 404);
    struct api_response *still = api_get("/v1/api-keys", api_json_string(ours, "/key"));
    api_assert_status(still, 200);

    api_response_free(still);
    api_response_free(deleted);
    api_response_free(list);
    free(theirs);
    api_response_free(ours);
}
END_TEST

/* --- database outage ------------------------------------------------------------------------ */

START_TEST(database_outage_is_503_and_recovers)
{
    api_db_stop();
    struct api_response *not_ready = api_poll("/readyz", NULL, 503, 10);
    api_assert_problem(not_ready, 503);
    struct api_response *alive = api_get("/healthz", NULL);
    api_assert_status(alive, 200);
    struct api_response *busy = api_get("/v1/api-keys", api_admin_key());
    api_assert_problem(busy, 503);
    ck_assert_msg(api_header(busy, "Retry-After") != NULL, "503 without Retry-After");
    api_response_free(busy);
    api_response_free(alive);
    api_response_free(not_ready);

    api_db_start();
    struct api_response *ready = api_poll("/readyz", NULL, 200, 10);
    api_assert_status(ready, 200);
    struct api_response *served = api_poll("/v1/api-keys", api_admin_key(), 200, 10);
    api_assert_status(served, 200);
    api_response_free(served);
    api_response_free(ready);
}
END_TEST

/* --- control characters in the path ----------------------------------------------------------- */

START_TEST(control_character_in_the_path_is_400_and_defines_nothing)
{
    /* before the fix the path was cut at the NUL: 201 and period 2019-07 defined */
    struct api_response *r = api_request("PUT", "/v1/periods/2019-07%00/targets/cpl1",
                                         api_admin_key(), "application/json", "{}");
    api_assert_problem(r, 400);
    api_response_free(r);
    r = api_get("/v1/periods/2019-07", api_admin_key());
    api_assert_problem(r, 404);
    api_response_free(r);
    static const char *const paths[] = {
        "/v1/periods/2025-01%00/results", "/v1/periods/2025-01%0a/results",
        "/v1/periods/2025-01%1F/results", "/v1/periods/2025-01%7f/results", "/healthz%00"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        r = api_get(paths[i], api_admin_key());
        api_assert_problem(r, 400);
        api_response_free(r);
    }
}
END_TEST

START_TEST(control_character_in_the_query_leaves_the_path_alone)
{
    struct api_response *r = api_get("/healthz?probe=%00", NULL);
    api_assert_status(r, 200);
    api_response_free(r);
}
END_TEST

/* --- connection limits -------------------------------------------------------------------------
 * tests/api/run.sh starts kpid with the defaults: KPID_HEADER_TIMEOUT 5 s,
 * KPID_MAX_CONNECTIONS_PER_ADDRESS 64. */

#define HEADER_TIMEOUT_S 5
#define PER_ADDRESS_LIMIT 64

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A connection to the server from the loopback address `source` (127.0.0.0/8 is all local). */
static int connect_from(const char *source)
{
    const char *url = getenv("KPID_TEST_URL");
    const char *colon = url ? strrchr(url, ':') : NULL;
    ck_assert_msg(colon != NULL, "KPID_TEST_URL is not set");
    struct sockaddr_in from = {.sin_family = AF_INET};
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1))};
    inet_pton(AF_INET, source, &from.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_msg(fd >= 0 && bind(fd, (struct sockaddr *)&from, sizeof from) == 0 &&
                      connect(fd, (struct sockaddr *)&to, sizeof to) == 0,
                  "cannot connect from %s to %s", source, url);
    return fd;
}

/* Seconds from `start` until the server closed fd (what it sends is discarded), or -1 when it
 * is still open at start + limit_s. */
static double closed_after(int fd, double start, double limit_s)
{
    char buf[512];
    for (;;) {
        double left = start + limit_s - seconds_now();
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) == 0)
            return -1;
        if (recv(fd, buf, sizeof buf, 0) <= 0)
            return seconds_now() - start;
    }
}

/* Sends GET /healthz on fd and reads the whole answer, leaving the connection open; returns
 * its status, or 0 when the server closed the connection without one. */
static long healthz_on(int fd)
{
    static const char request[] = "GET /healthz HTTP/1.1\r\nHost: kpid\r\n\r\n";
    if (send(fd, request, sizeof request - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof request - 1))
        return 0;
    char buf[2048];
    size_t len = 0;
    const char *end = NULL;
    while (len < sizeof buf - 1) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        ssize_t n = poll(&p, 1, 5000) == 1 ? recv(fd, buf + len, sizeof buf - 1 - len, 0) : 0;
        if (n <= 0)
            return 0;
        buf[len += (size_t)n] = '\0';
        const char *length = strstr(buf, "Content-Length: ");
        end = strstr(buf, "\r\n\r\n");
        if (end != NULL && length != NULL &&
            len >= (size_t)(end + 4 - buf) + strtoul(length + 16, NULL, 10))
            return strtol(buf + 9, NULL, 10);
    }
    return 0;
}

START_TEST(silent_or_stalled_new_connections_close_after_the_header_timeout)
{
    double start = seconds_now();
    int silent = connect_from("127.0.0.1");
    int stalled = connect_from("127.0.0.1");
    static const char partial[] = "GET /healthz HTTP/1.1\r\nHost: kp";
    send(stalled, partial, sizeof partial - 1, MSG_NOSIGNAL);
    double silent_s = closed_after(silent, start, 15);
    double stalled_s = closed_after(stalled, start, 15);
    close(silent);
    close(stalled);
    /* whole-second deadlines checked four times a second: from timeout - 1 to timeout + 1 */
    ck_assert_msg(silent_s >= HEADER_TIMEOUT_S - 1 && silent_s <= HEADER_TIMEOUT_S + 1.5,
                  "a silent connection closed after %.2f s (-1: not in 15 s)", silent_s);
    ck_assert_msg(stalled_s >= HEADER_TIMEOUT_S - 1 && stalled_s <= HEADER_TIMEOUT_S + 1.5,
                  "stalled headers closed after %.2f s (-1: not in 15 s)", stalled_s);
}
END_TEST

START_TEST(kept_alive_connection_may_idle_past_the_header_timeout)
{
    int fd = connect_from("127.0.0.1");
    ck_assert_int_eq(healthz_on(fd), 200);
    struct timespec idle = {HEADER_TIMEOUT_S + 2, 0};
    nanosleep(&idle, NULL);
    ck_assert_int_eq(healthz_on(fd), 200);
    close(fd);
}
END_TEST

START_TEST(one_address_gets_its_cap_and_others_are_still_served)
{
    int fds[PER_ADDRESS_LIMIT];
    for (size_t i = 0; i < PER_ADDRESS_LIMIT; i++) {
        fds[i] = connect_from("127.0.0.3");
        ck_assert_int_eq(healthz_on(fds[i]), 200);
    }
    int over = connect_from("127.0.0.3");
    long over_status = healthz_on(over);
    close(over);
    ck_assert_msg(over_status == 0, "connection %d from one address answered %ld, expected a close",
                  PER_ADDRESS_LIMIT + 1, over_status);
    assert_still_serving(); /* from 127.0.0.1 */
    for (size_t i = 0; i < PER_ADDRESS_LIMIT; i++)
        close(fds[i]);
    long status = 0;
    for (double start = seconds_now(); status != 200 && seconds_now() - start < 3;) {
        int fd = connect_from("127.0.0.3");
        status = healthz_on(fd);
        close(fd);
    }
    ck_assert_msg(status == 200, "the address is still refused once its connections closed");
}
END_TEST

/* --- the suite ------------------------------------------------------------------------------ */

static TCase *tcase(const char *name, double timeout)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, timeout);
    return tc;
}

Suite *api_foundation_suite(void)
{
    Suite *s = suite_create("api_foundation");

    TCase *probes = tcase("probes", 30);
    tcase_add_test(probes, healthz_answers_ok);
    tcase_add_test(probes, head_is_answered_like_get_without_body);
    tcase_add_test(probes, readyz_answers_ready);
    tcase_add_test(probes, metrics_expose_request_counters_and_latency);
    tcase_add_test(probes, openapi_document_is_served_as_committed);
    suite_add_tcase(s, probes);

    TCase *http = tcase("http", 30);
    tcase_add_test(http, every_response_has_a_distinct_request_id);
    tcase_add_test(http, client_request_id_is_echoed);
    tcase_add_test(http, unusable_client_request_id_is_replaced);
    tcase_add_test(http, unknown_path_is_404_problem);
    tcase_add_test(http, wrong_method_is_405_with_allow);
    tcase_add_test(http, body_over_the_cap_is_413_and_serving_goes_on);
    tcase_add_test(http, chunked_body_over_the_cap_is_413);
    tcase_add_test(http, conflicting_content_lengths_are_400);
    tcase_add_test(http, content_length_with_transfer_encoding_is_400);
    tcase_add_test(http, control_character_in_the_path_is_400_and_defines_nothing);
    tcase_add_test(http, control_character_in_the_query_leaves_the_path_alone);
    suite_add_tcase(s, http);

    TCase *connections = tcase("connections", 30);
    tcase_add_test(connections, silent_or_stalled_new_connections_close_after_the_header_timeout);
    tcase_add_test(connections, kept_alive_connection_may_idle_past_the_header_timeout);
    tcase_add_test(connections, one_address_gets_its_cap_and_others_are_still_served);
    suite_add_tcase(s, connections);

    TCase *cors = tcase("cors", 30);
    tcase_add_test(cors, allowed_origin_is_echoed);
    tcase_add_test(cors, preflight_allows_method_and_authorization);
    tcase_add_test(cors, other_origins_get_no_cors_headers);
    suite_add_tcase(s, cors);

    TCase *auth = tcase("auth", 30);
    tcase_add_test(auth, missing_key_is_401);
    tcase_add_test(auth, unknown_key_is_401);
    suite_add_tcase(s, auth);

    TCase *keys = tcase("api_keys", 30);
    tcase_add_test(keys, created_key_is_shown_once_and_stored_hashed);
    tcase_add_test(keys, idempotent_creation_stores_no_secret);
    tcase_add_test(keys, new_key_authenticates_within_its_scopes);
    tcase_add_test(keys, deleted_key_stops_working);
    tcase_add_test(keys, key_revoked_elsewhere_is_refused_within_the_cache_lifetime);
    tcase_add_test(keys, deleting_an_unknown_key_is_404);
    tcase_add_test(keys, missing_name_is_422_naming_the_field);
    tcase_add_test(keys, unknown_scope_is_422);
    tcase_add_test(keys, malformed_json_is_400);
    tcase_add_test(keys, other_content_type_is_415);
    tcase_add_test(keys, list_pages_with_a_cursor);
    tcase_add_test(keys, bad_limit_or_cursor_is_422);
    tcase_add_test(keys, keys_are_confined_to_their_workspace);
    suite_add_tcase(s, keys);

    /* Last: it stops and restarts the database under the running server. */
    TCase *outage = tcase("database_outage", 60);
    tcase_add_test(outage, database_outage_is_503_and_recovers);
    suite_add_tcase(s, outage);
    return s;
}
