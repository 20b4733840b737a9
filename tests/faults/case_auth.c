/* Case e: authentication and isolation. No key, an unknown key, a revoked key and a key
 * without the scope are refused (401/403) and write nothing; a key of another workspace can
 * neither read, change nor list workspace A's rows (404 / absent); webhook deliveries with a
 * bad signature, a stale timestamp or replayed are refused or ignored and write nothing. */
#include "faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Sends a request and returns its status; the body is kept in *out when not NULL. */
static long call(const char *method, const char *path, const char *key, const char *ctype,
                 const char *body, const char *const *headers, struct http_reply *out)
{
    struct http_reply r;
    http_call(&(struct http_request){.method = method,
                                     .path = path,
                                     .key = key,
                                     .content_type = ctype,
                                     .body = body,
                                     .headers = headers},
              &r);
    long status = r.status;
    if (out != NULL)
        *out = r;
    else
        http_reply_clear(&r);
    return status;
}

/* Expects a problem+json with `status` for the request. */
static void expect_problem(const char *what, long status, const char *method, const char *path,
                           const char *key, const char *body)
{
    struct http_reply r;
    call(method, path, key, body ? "application/json" : NULL, body, NULL, &r);
    fault_check(http_is_problem(&r, status), "%s: %s %s answered %ld, expected %ld: %.200s", what,
                method, path, r.status, status, r.body);
    http_reply_clear(&r);
}

/* A key created with POST /v1/api-keys; *id gets its id. Both to be freed. */
static char *api_key(const char *scopes_json, char **id)
{
    char body[160];
    snprintf(body, sizeof body, "{\"name\":\"faults-e\",\"scopes\":%s}", scopes_json);
    struct http_reply r;
    call("POST", "/v1/api-keys", fault_sys.admin_key, "application/json", body, NULL, &r);
    json_t *doc = http_reply_json(&r);
    const char *key = json_string_value(json_object_get(doc, "key"));
    const char *key_id = json_string_value(json_object_get(doc, "id"));
    char *copy = NULL;
    *id = NULL;
    if (fault_check(r.status == 201 && key && key_id, "POST /v1/api-keys: %ld %.200s", r.status,
                    r.body)) {
        copy = strdup(key);
        *id = strdup(key_id);
    }
    json_decref(doc);
    http_reply_clear(&r);
    return copy;
}

static void keys_and_scopes(const char *lead)
{
    static const char unknown[] = "kpid_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    expect_problem("no key", 401, "POST", "/v1/leads", NULL, lead);
    expect_problem("no key", 401, "GET", "/v1/leads", NULL, NULL);
    expect_problem("unknown key", 401, "POST", "/v1/leads", unknown, lead);
    expect_problem("unknown key", 401, "GET", "/v1/api-keys", unknown, NULL);
    struct http_reply r;
    call("GET", "/v1/leads", NULL, NULL, NULL,
         (const char *const[]){"Authorization: Basic Zm9v", NULL}, &r);
    fault_check(http_is_problem(&r, 401), "Basic authorization: %ld", r.status);
    http_reply_clear(&r);

    char *read_id, *ingest_id, *revoked_id;
    char *read_key = api_key("[\"read\"]", &read_id);
    char *ingest_key = api_key("[\"ingest\"]", &ingest_id);
    char *revoked = api_key("[\"ingest\",\"read\"]", &revoked_id);
    if (read_key && ingest_key && revoked) {
        expect_problem("read key writing", 403, "POST", "/v1/leads", read_key, lead);
        expect_problem("ingest key reading", 403, "GET", "/v1/leads", ingest_key, NULL);
        expect_problem("ingest key creating keys", 403, "POST", "/v1/api-keys", ingest_key,
                       "{\"name\":\"x\",\"scopes\":[\"admin\"]}");
        fault_check(call("GET", "/v1/leads", revoked, NULL, NULL, NULL, NULL) == 200,
                    "a fresh key does not work");
        char path[96];
        snprintf(path, sizeof path, "/v1/api-keys/%s", revoked_id);
        fault_check(call("DELETE", path, fault_sys.admin_key, NULL, NULL, NULL, NULL) == 204,
                    "DELETE %s failed", path);
        expect_problem("revoked key", 401, "POST", "/v1/leads", revoked, lead);
        expect_problem("revoked key", 401, "GET", "/v1/leads", revoked, NULL);
    }
    free(read_key);
    free(ingest_key);
    free(revoked);
    free(read_id);
    free(ingest_id);
    free(revoked_id);
}

/* Workspace B's admin key against workspace A's lead and keys. */
static void other_workspace(void)
{
    char *key_b = kpid_cli_key("faults-other", "admin");
    char *lead_a = lead_json("faults-e", "lead-of-a", "of-a");
    char *lead_b = lead_json("faults-e", "lead-of-b", "of-b");
    char *id_a = lead_create(fault_sys.admin_key, lead_a);
    char *id_b = key_b ? lead_create(key_b, lead_b) : NULL;
    if (id_a != NULL && id_b != NULL) {
        char path[96];
        snprintf(path, sizeof path, "/v1/leads/%s", id_a);
        expect_problem("B reading A's lead", 404, "GET", path, key_b, NULL);
        struct http_reply r;
        call("PATCH", path, key_b, "application/merge-patch+json", "{\"campaign\":\"taken\"}", NULL,
             &r);
        fault_check(http_is_problem(&r, 404), "B patching A's lead: %ld %.200s", r.status, r.body);
        http_reply_clear(&r);
        call("DELETE", path, key_b, NULL, NULL, NULL, &r);
        fault_check(http_is_problem(&r, 404), "B erasing A's lead: %ld %.200s", r.status, r.body);
        http_reply_clear(&r);
        const char *params[] = {id_a};
        char *campaign = sql_text("SELECT campaign || '/' || coalesce(contact_name, '')"
                                  " || (erased_at IS NULL)::text FROM leads WHERE id = $1::uuid",
                                  1, params);
        fault_check(campaign && strcmp(campaign, "of-a/true") == 0, "A's lead was changed by B: %s",
                    campaign ? campaign : "(gone)");
        free(campaign);

        call("GET", "/v1/leads?limit=1000", key_b, NULL, NULL, NULL, &r);
        fault_check(r.status == 200 && strstr(r.body, id_b) && !strstr(r.body, id_a),
                    "B's lead list: %ld, has B's lead %d, has A's lead %d", r.status,
                    strstr(r.body, id_b) != NULL, strstr(r.body, id_a) != NULL);
        http_reply_clear(&r);
        call("GET", "/v1/api-keys?limit=1000", key_b, NULL, NULL, NULL, &r);
        char *a_prefix = strndup(fault_sys.admin_key, 12);
        fault_check(r.status == 200 && !strstr(r.body, a_prefix), "B's key list shows A's key");
        free(a_prefix);
        http_reply_clear(&r);
    }
    free(id_a);
    free(id_b);
    free(lead_a);
    free(lead_b);
    free(key_b);
}

/* --- webhooks -------------------------------------------------------------------------------- */

static long deliver(const char *path, const char *body, const char *signature)
{
    const char *headers[] = {signature, NULL};
    return call("POST", path, NULL, "application/json", body, signature ? headers : NULL, NULL);
}

static void webhooks(void)
{
    static const char secret[] = "faults-webhook-secret";
    const char *source =
        "{\"name\":\"faults-hook\",\"payload\":\"json\",\"target\":\"lead\","
        "\"secret\":\"faults-webhook-secret\",\"token\":\"faults-webhook-token-0123456789\","
        "\"field_map\":{"
        "\"external_id\":{\"from\":\"/id\"},\"channel\":{\"from\":\"/channel\"},"
        "\"created_at\":{\"from\":\"/created\"}}}";
    char *source_id = webhook_source_create(source);
    if (source_id == NULL)
        return;
    char path[128];
    snprintf(path, sizeof path, "/v1/webhooks/%s", source_id);
    free(source_id);

    const char *body =
        "{\"id\":\"hook-1\",\"channel\":\"seo\",\"created\":\"2025-01-15T10:00:00Z\"}";
    long now = (long)time(NULL);
    char good[WEBHOOK_SIGNATURE_SIZE], bad[WEBHOOK_SIGNATURE_SIZE], stale[WEBHOOK_SIGNATURE_SIZE];
    webhook_sign(secret, now, body, strlen(body), good);
    webhook_sign("another-secret", now, body, strlen(body), bad);
    webhook_sign(secret, now - 600, body, strlen(body), stale);
    char *before = sql_row_counts();
    long s_none = deliver(path, body, NULL);
    long s_bad = deliver(path, body, bad);
    long s_stale = deliver(path, body, stale);
    char wrong_token[192];
    snprintf(wrong_token, sizeof wrong_token, "%s?token=faults-webhook-token-0123456780", path);
    long s_token = deliver(wrong_token, body, NULL);
    char *after = sql_row_counts();
    fault_check(s_none == 401 && s_bad == 401 && s_stale == 401 && s_token == 401,
                "unsigned / bad HMAC / stale / wrong token: %ld %ld %ld %ld, expected 401", s_none,
                s_bad, s_stale, s_token);
    fault_check(before && after && strcmp(before, after) == 0,
                "refused deliveries changed rows:\n      %s\n      %s", before, after);
    free(before);
    free(after);

    long s_good = deliver(path, body, good);
    fault_check(s_good / 100 == 2, "a correctly signed delivery: %ld", s_good);
    before = sql_row_counts();
    long s_replay = deliver(path, body, good);
    after = sql_row_counts();
    fault_check(s_replay / 100 == 2 || s_replay == 401 || s_replay == 409,
                "a replayed delivery: %ld", s_replay);
    fault_check(before && after && strcmp(before, after) == 0,
                "a replayed delivery changed rows:\n      %s\n      %s", before, after);
    free(before);
    free(after);
    char unknown[128];
    snprintf(unknown, sizeof unknown, "/v1/webhooks/00000000-0000-4000-8000-000000000000");
    long s_unknown = deliver(unknown, body, good);
    fault_check(s_unknown == 401 || s_unknown == 404, "an unknown source: %ld", s_unknown);
    fault_note("webhook: unsigned %ld, bad HMAC %ld, stale %ld, wrong token %ld, signed %ld,"
               " replayed %ld, unknown source %ld",
               s_none, s_bad, s_stale, s_token, s_good, s_replay, s_unknown);
}

void case_auth(void)
{
    char *lead = lead_json("faults-e", "never-stored", NULL);
    keys_and_scopes(lead);
    const char *params[] = {"faults-e", "never-stored"};
    fault_check(sql_long("SELECT count(*) FROM leads WHERE source = $1 AND external_id = $2", 2,
                         params) == 0,
                "a refused request stored a lead");
    other_workspace();
    webhooks();
    free(lead);
}
