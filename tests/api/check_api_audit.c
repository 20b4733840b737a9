/* API tests of the audit trail: each audited write leaves one entry with the writing key's id
 * and name and the row before and after; no route alters the trail. */
#include "client.h"
#include "ingest_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void send_ok(const char *method, const char *key, const char *path, const char *json)
{
    struct api_response *r = api_request(method, path, key, "application/json", json);
    ck_assert_msg(r->status == 200 || r->status == 201, "%s %s: %ld %s", method, path, r->status,
                  r->body);
    api_response_free(r);
}

struct named_key {
    char *secret, *id;
};

/* A new admin key called "finance" in the workspace of `admin`. */
static struct named_key finance_key(const char *admin)
{
    struct api_response *r =
        api_post_json("/v1/api-keys", admin, "{\"name\":\"finance\",\"scopes\":[\"admin\"]}");
    api_assert_status(r, 201);
    struct named_key k = {strdup(api_json_string(r, "/key")), strdup(api_json_string(r, "/id"))};
    api_response_free(r);
    return k;
}

/* The entries of entity/code, asserting there are `n`; returns the response (free it). */
static struct api_response *entries(const char *key, const char *entity, const char *code, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "/v1/audit?entity=%s&code=%s", entity, code);
    struct api_response *r = api_get(path, key);
    api_assert_status(r, 200);
    ck_assert_msg(json_array_size(api_json_at(r, "/items")) == n, "%s: %zu entries, not %zu: %s",
                  path, json_array_size(api_json_at(r, "/items")), n, r->body);
    return r;
}

/* Asserts entry i was written by key k with this action. */
static void assert_entry(const struct api_response *r, size_t i, const struct named_key *k,
                         const char *action)
{
    char p[64];
    snprintf(p, sizeof p, "/items/%zu/key/name", i);
    ck_assert_pstr_eq(api_json_string(r, p), "finance");
    snprintf(p, sizeof p, "/items/%zu/key/id", i);
    ck_assert_pstr_eq(api_json_string(r, p), k->id);
    snprintf(p, sizeof p, "/items/%zu/action", i);
    ck_assert_pstr_eq(api_json_string(r, p), action);
}

START_TEST(every_audited_write_leaves_one_entry)
{
    char *admin = api_new_workspace_key("audit-writes", "admin");
    struct named_key k = finance_key(admin);
    send_ok("POST", k.secret, "/v1/kpis",
            "{\"code\":\"reviews\",\"name\":\"Reviews\",\"owner\":\"marketing\",\"manual\":true,"
            "\"unit\":\"count\",\"direction\":\"higher_is_better\",\"granularity\":\"month\"}");
    send_ok("PUT", k.secret, "/v1/kpis/reviews",
            "{\"name\":\"Positive reviews\",\"owner\":\"marketing\",\"manual\":true,"
            "\"unit\":\"count\",\"direction\":\"higher_is_better\",\"granularity\":\"month\"}");
    send_ok("PUT", k.secret, "/v1/periods/2025-03", "{}");
    send_ok("PUT", k.secret, "/v1/periods/2025-03/targets/reviews", "{\"plan\":100}");
    send_ok("PUT", k.secret, "/v1/periods/2025-03/facts/reviews", "{\"value\":90}");
    send_ok("POST", k.secret, "/v1/scorecards",
            "{\"code\":\"mkt\",\"name\":\"Marketer\",\"granularity\":\"month\","
            "\"items\":[{\"kpi\":\"reviews\",\"weight\":1}]}");
    send_ok("POST", k.secret, "/v1/people",
            "{\"code\":\"ann\",\"name\":\"Ann\",\"department\":\"marketing\","
            "\"hired_on\":\"2025-01-01\"}");
    send_ok("PUT", k.secret, "/v1/people/ann",
            "{\"name\":\"Ann\",\"department\":\"marketing\",\"hired_on\":\"2025-01-01\","
            "\"left_on\":\"2025-12-31\"}");
    send_ok("PUT", k.secret, "/v1/people/ann/pay-plan",
            "{\"effective_from\":\"2025-01\",\"scorecard\":\"mkt\",\"fixed_pay\":100,"
            "\"bonus_base\":50}");
    send_ok("PUT", k.secret, "/v1/settings", "{\"currency\":\"EUR\"}");
    send_ok("POST", k.secret, "/v1/periods/2025-03/close", "{}");

    struct api_response *r = entries(admin, "kpi", "reviews", 2);
    assert_entry(r, 0, &k, "create");
    ck_assert(json_is_null(api_json_at(r, "/items/0/before")));
    assert_entry(r, 1, &k, "update");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/before/name"), "Reviews");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/after/name"), "Positive reviews");
    api_response_free(r);
    r = entries(admin, "target", "2025-03/reviews", 1);
    assert_entry(r, 0, &k, "create");
    api_response_free(r);
    r = entries(admin, "manual_fact", "2025-03/reviews", 1);
    assert_entry(r, 0, &k, "create");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/0/after/value")), 90);
    api_response_free(r);
    r = entries(admin, "scorecard", "mkt", 1);
    assert_entry(r, 0, &k, "create");
    api_response_free(r);
    r = entries(admin, "person", "ann", 2);
    assert_entry(r, 1, &k, "update");
    ck_assert(json_is_null(api_json_at(r, "/items/1/before/left_on")));
    ck_assert_pstr_eq(api_json_string(r, "/items/1/after/left_on"), "2025-12-31");
    api_response_free(r);
    r = entries(admin, "pay_plan", "ann/1", 1);
    assert_entry(r, 0, &k, "create");
    api_response_free(r);
    r = api_get("/v1/audit?entity=settings", admin);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 1);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/after/currency"), "EUR");
    ck_assert_pstr_eq(api_json_string(r, "/items/0/key/name"), "finance");
    api_response_free(r);
    /* defined, then closed: the close shows as closed_at set */
    r = entries(admin, "period", "2025-03", 2);
    assert_entry(r, 1, &k, "update");
    ck_assert(json_is_null(api_json_at(r, "/items/1/before/closed_at")));
    ck_assert(json_is_string(api_json_at(r, "/items/1/after/closed_at")));
    api_response_free(r);
    /* paging and time filters */
    r = api_get("/v1/audit?limit=2", admin);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 2);
    char path[512];
    snprintf(path, sizeof path, "/v1/audit?limit=2&cursor=%s", api_json_string(r, "/next_cursor"));
    char *first = strdup(api_json_string(r, "/items/0/id"));
    char *second = strdup(api_json_string(r, "/items/1/id"));
    api_response_free(r);
    r = api_get(path, admin);
    api_assert_status(r, 200);
    ck_assert_str_ne(api_json_string(r, "/items/0/id"), first);
    ck_assert_str_ne(api_json_string(r, "/items/0/id"), second);
    api_response_free(r);
    free(first);
    free(second);
    r = api_get("/v1/audit?to=2000-01-01T00:00:00Z", admin);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 0);
    api_response_free(r);
    r = api_get("/v1/audit?entity=lead", admin);
    api_assert_problem(r, 422);
    api_response_free(r);
    free(k.secret);
    free(k.id);
    free(admin);
}
END_TEST

START_TEST(no_route_alters_the_trail)
{
    char *admin = api_new_workspace_key("audit-fixed", "admin");
    send_ok("PUT", admin, "/v1/settings", "{\"currency\":\"USD\"}");
    static const char *const methods[] = {"POST", "PUT", "PATCH", "DELETE"};
    for (size_t i = 0; i < 4; i++) {
        struct api_response *r =
            api_request(methods[i], "/v1/audit", admin, "application/json", "{}");
        api_assert_problem(r, 405);
        api_response_free(r);
    }
    char *reader = api_new_workspace_key("audit-fixed", "read");
    struct api_response *r = api_get("/v1/audit", reader);
    api_assert_problem(r, 403);
    api_response_free(r);
    r = api_get("/v1/audit", admin);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 1);
    api_response_free(r);
    /* below the API too: the database refuses to change or remove an entry */
    free(api_sql_value("CREATE FUNCTION audit_try(op text) RETURNS text LANGUAGE plpgsql AS $$ "
                       "BEGIN IF op = 'update' THEN UPDATE audit_log SET code = 'x'; "
                       "ELSE DELETE FROM audit_log; END IF; RETURN 'changed'; "
                       "EXCEPTION WHEN raise_exception THEN RETURN SQLERRM; END $$"));
    static const char *const ops[] = {"SELECT audit_try('update')", "SELECT audit_try('delete')"};
    for (size_t i = 0; i < 2; i++) {
        char *outcome = api_sql_value(ops[i]);
        ck_assert_pstr_eq(outcome, "the audit trail is append-only");
        free(outcome);
    }
    free(api_sql_value("DROP FUNCTION audit_try(text)"));
    free(reader);
    free(admin);
}
END_TEST

Suite *api_audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *tc = tcase_create("audit");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_audited_write_leaves_one_entry);
    tcase_add_test(tc, no_route_alters_the_trail);
    suite_add_tcase(s, tc);
    return s;
}
