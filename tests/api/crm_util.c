/* Helpers of the CRM webhook suites: fixtures, sources, deliveries posted the senders' way
 * and lookups of what they stored. */
#include "crm_util.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIXTURES "tests/api/fixtures/crm/"

/* The bytes of a fixture (free them). */
char *crm_fixture(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    return api_read_file(path, NULL);
}

/* Creates a source from a JSON body (asserting 201); returns its id (free it). */
char *crm_create(const char *body)
{
    struct api_response *r = api_post_json("/v1/sources", api_admin_key(), body);
    api_assert_status(r, 201);
    char *id = strdup(api_json_string(r, "/id"));
    api_response_free(r);
    return id;
}

struct api_response *crm_post(const char *id, const char *query, const char *content_type,
                              const char *body, const char *const *headers)
{
    char path[256];
    snprintf(path, sizeof path, "/v1/webhooks/%s%s", id, query ? query : "");
    return api_send(&(struct api_call){.method = "POST",
                                       .path = path,
                                       .content_type = content_type,
                                       .body = body,
                                       .headers = headers});
}

/* HubSpot's v3 headers for a POST of body to the source, signed at ms (epoch milliseconds). */
static void hubspot_headers(const char *id, const char *secret, long long ms, const char *body,
                            char sig[128], char ts[64])
{
    char uri[512];
    snprintf(uri, sizeof uri, "%s/v1/webhooks/%s", getenv("KPID_TEST_URL"), id);
    char stamp[24];
    snprintf(stamp, sizeof stamp, "%lld", ms);
    size_t n = strlen(uri) + strlen(body) + strlen(stamp) + 8;
    char *msg = malloc(n);
    snprintf(msg, n, "POST%s%s%s", uri, body, stamp);
    unsigned char mac[EVP_MAX_MD_SIZE], b64[64];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)msg, strlen(msg), mac, &len);
    free(msg);
    EVP_EncodeBlock(b64, mac, (int)len);
    snprintf(sig, 128, "X-HubSpot-Signature-v3: %s", b64);
    snprintf(ts, 64, "X-HubSpot-Request-Timestamp: %s", stamp);
}

long long crm_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

struct api_response *crm_post_hubspot(const char *id, const char *secret, long long ms,
                                      const char *body)
{
    char sig[128], ts[64];
    hubspot_headers(id, secret, ms, body, sig, ts);
    const char *headers[] = {sig, ts, NULL};
    return crm_post(id, NULL, "application/json", body, headers);
}

long crm_count(const char *sql, const char *a, const char *b)
{
    char *n = api_sql_value(sql, a, b);
    long v = strtol(n, NULL, 10);
    free(n);
    return v;
}

long crm_leads_of(const char *source)
{
    return crm_count("SELECT count(*) FROM leads WHERE source = $1 AND $2 = $2", source, "");
}

long crm_events_of(const char *source)
{
    return crm_count("SELECT count(*) FROM webhook_events WHERE source_name = $1 AND $2 = $2",
                     source, "");
}

/* A stored lead's column (free it), by source and external id. */
static char *lead_value(const char *column, const char *source, const char *external_id)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s::text FROM leads WHERE source = $1 AND external_id = $2",
             column);
    return api_sql_value(sql, source, external_id);
}

void crm_assert_lead(const char *column, const char *source, const char *external_id,
                     const char *want)
{
    char *v = lead_value(column, source, external_id);
    ck_assert_msg(v != NULL && strcmp(v, want) == 0, "%s of %s/%s: %s, not %s", column, source,
                  external_id, v ? v : "NULL", want);
    free(v);
}

void crm_assert_401(struct api_response *r)
{
    api_assert_problem(r, 401);
    api_response_free(r);
}

bool crm_metrics_show(const char *source, const char *status, int n)
{
    char line[160];
    snprintf(line, sizeof line, ",source=\"%s\",status=\"%s\"} %d\n", source, status, n);
    struct api_response *r = api_get("/metrics", NULL);
    api_assert_status(r, 200);
    bool found = strstr(r->body, line) != NULL;
    api_response_free(r);
    return found;
}

/* A request to the stand-in CRM's control port; returns the reply body (free it). */
static char *control(const char *method, const char *path, const char *json_body)
{
    const char *base = getenv("KPID_TEST_CRM_CONTROL");
    ck_assert_msg(base != NULL, "KPID_TEST_CRM_CONTROL is not set");
    char url[512];
    snprintf(url, sizeof url, "%s%s", base, path);
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    FILE *out;
    char *text = NULL;
    size_t len = 0;
    out = open_memstream(&text, &len);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    if (strcmp(method, "POST") == 0)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json_body ? json_body : "");
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    fclose(out);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    ck_assert_msg(rc == CURLE_OK && status == 200, "test CRM %s %s: %s, status %ld", method, path,
                  curl_easy_strerror(rc), status);
    return text;
}

void crm_control(const char *path, const char *json_body)
{
    free(control("POST", path, json_body));
}

json_t *crm_requests(const char *server)
{
    char path[64];
    snprintf(path, sizeof path, "/log?server=%s", server);
    char *text = control("GET", path, NULL);
    json_t *log = json_loads(text, 0, NULL);
    free(text);
    ck_assert_msg(json_is_array(log), "the test CRM's log is not an array");
    return log;
}
