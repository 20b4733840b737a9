/* API tests of the per-workspace limits: set by the operator's CLI, the counts of KPIs,
 * scorecards and sources, result size, and the per-key rate (429). */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

/* Runs `kpid workspace limits --workspace ws ARGS...`; returns stdout (free it), *status. */
static char *limits_cli(int *status, const char *ws, const char *a1, const char *a2, const char *a3,
                        const char *a4)
{
    const char *argv[] = {getenv("KPID_TEST_KPID_BIN"),
                          "workspace",
                          "limits",
                          "--workspace",
                          ws,
                          a1,
                          a2,
                          a3,
                          a4,
                          NULL};
    return api_run(argv, status, NULL);
}

/* Sets one limit and asserts the CLI printed it back; then waits out the key cache
 * (KPID_KEY_CACHE_SECONDS=1 in run.sh), after which kpid applies it. */
static void set_limit(const char *ws, const char *option, const char *value)
{
    int status;
    char *out = limits_cli(&status, ws, option, value, NULL, NULL);
    ck_assert_msg(status == 0, "kpid workspace limits %s %s exited %d", option, value, status);
    json_t *printed = json_loads(out, 0, NULL);
    ck_assert_msg(printed != NULL, "not JSON: %s", out);
    char name[64];
    snprintf(name, sizeof name, "%s", option + 2);
    for (char *c = name; *c; c++)
        *c = *c == '-' ? '_' : *c;
    ck_assert_int_eq(json_integer_value(json_object_get(printed, name)), atol(value));
    json_decref(printed);
    free(out);
    usleep(1100 * 1000);
}

/* Asserts a 422 limit-exceeded naming `limit` with `value`. */
static void assert_limit(const struct api_response *r, const char *limit, long value)
{
    api_assert_problem(r, 422);
    ck_assert_str_eq(api_json_string(r, "/type"), "urn:kpid:problem:limit-exceeded");
    ck_assert_str_eq(api_json_string(r, "/limit"), limit);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/value")), value);
}

/* GET path answers 422 limit-exceeded naming `limit` with `value`. */
static void expect_limit(const char *key, const char *path, const char *limit, long value)
{
    struct api_response *r = api_get(path, key);
    assert_limit(r, limit, value);
    api_response_free(r);
}

/* Asserts the value of a one-parameter SQL query (expected NULL: no value). */
static void assert_sql(const char *expected, const char *sql, const char *param)
{
    char *v = api_sql_value(sql, param);
    if (expected == NULL)
        ck_assert_msg(v == NULL, "%s: %s, expected no value", sql, v);
    else
        ck_assert_msg(v != NULL && strcmp(v, expected) == 0, "%s: %s, expected %s", sql,
                      v ? v : "(null)", expected);
    free(v);
}

static struct api_response *post_kpi(const char *key, const char *code)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"CPL\",\"owner\":\"marketing\",\"metric\":\"cpl\","
             "\"granularity\":\"month\"}",
             code);
    return api_post_json("/v1/kpis", key, body);
}

static void expect(struct api_response *r, long status)
{
    api_assert_status(r, status);
    api_response_free(r);
}

START_TEST(cli_sets_prints_and_resets_limits)
{
    free(api_new_workspace_key("limits-cli", "read"));
    int status;
    char *out = limits_cli(&status, "limits-cli", "--max-kpis", "7", "--pool-share-pct", "25");
    ck_assert_int_eq(status, 0);
    json_t *l = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(json_integer_value(json_object_get(l, "max_kpis")), 7);
    ck_assert_int_eq(json_integer_value(json_object_get(l, "pool_share_pct")), 25);
    /* the others keep the defaults README states */
    ck_assert_int_eq(json_integer_value(json_object_get(l, "max_scorecards")), 200);
    ck_assert_int_eq(json_integer_value(json_object_get(l, "max_sources")), 100);
    ck_assert_int_eq(json_integer_value(json_object_get(l, "max_result_periods")), 60);
    ck_assert_int_eq(json_integer_value(json_object_get(l, "max_result_rows")), 2000);
    ck_assert_int_eq(json_integer_value(json_object_get(l, "requests_per_second")), 2000);
    json_decref(l);
    free(out);
    assert_sql("7",
               "SELECT max_kpis::text FROM workspace_limits JOIN workspaces w"
               " ON w.id = workspace_id WHERE w.name = $1",
               "limits-cli");
    set_limit("limits-cli", "--max-kpis", "1000"); /* "default" below prints the default */
    out = limits_cli(&status, "limits-cli", "--max-kpis", "default", NULL, NULL);
    ck_assert_int_eq(status, 0);
    ck_assert_ptr_nonnull(strstr(out, "\"max_kpis\":1000"));
    free(out);
    assert_sql(NULL,
               "SELECT max_kpis::text FROM workspace_limits JOIN workspaces"
               " w ON w.id = workspace_id WHERE w.name = $1",
               "limits-cli");
    /* no such workspace, unknown limit, out of range, a value that is not a number */
    free(limits_cli(&status, "limits-nobody", "--max-kpis", "1", NULL, NULL));
    ck_assert_int_eq(status, 1);
    free(limits_cli(&status, "limits-cli", "--max-widgets", "1", NULL, NULL));
    ck_assert_int_eq(status, 2);
    free(limits_cli(&status, "limits-cli", "--pool-share-pct", "101", NULL, NULL));
    ck_assert_int_eq(status, 2);
    free(limits_cli(&status, "limits-cli", "--max-kpis", "-1", NULL, NULL));
    ck_assert_int_eq(status, 2);
}
END_TEST

START_TEST(kpi_count_limit_refuses_creates_but_not_replaces)
{
    char *key = api_new_workspace_key("limits-kpis", "admin");
    char *other = api_new_workspace_key("limits-kpis-other", "admin");
    set_limit("limits-kpis", "--max-kpis", "2");
    expect(post_kpi(key, "k1"), 201);
    expect(post_kpi(key, "k2"), 201);
    struct api_response *r = post_kpi(key, "k3");
    assert_limit(r, "max_kpis", 2);
    api_response_free(r);
    assert_sql("2",
               "SELECT count(*)::text FROM kpis k JOIN workspaces w"
               " ON w.id = k.workspace_id WHERE w.name = $1",
               "limits-kpis");
    /* replacing one that exists is not a create */
    expect(api_request("PUT", "/v1/kpis/k2", key, "application/json",
                       "{\"code\":\"k2\",\"name\":\"CPL 2\",\"owner\":\"marketing\","
                       "\"metric\":\"cpl\",\"granularity\":\"month\"}"),
           200);
    /* PUT of a new code is a create */
    r = api_request("PUT", "/v1/kpis/k3", key, "application/json",
                    "{\"code\":\"k3\",\"name\":\"CPL\",\"owner\":\"marketing\","
                    "\"metric\":\"cpl\",\"granularity\":\"month\"}");
    assert_limit(r, "max_kpis", 2);
    api_response_free(r);
    /* another workspace has the default */
    expect(post_kpi(other, "k3"), 201);
    /* deleting makes room */
    expect(api_delete("/v1/kpis/k1", key), 204);
    expect(post_kpi(key, "k3"), 201);
    /* the operator raises the limit: it applies to the next request */
    set_limit("limits-kpis", "--max-kpis", "3");
    expect(post_kpi(key, "k4"), 201);
    free(key);
    free(other);
}
END_TEST

START_TEST(scorecard_and_source_count_limits)
{
    char *key = api_new_workspace_key("limits-cards", "admin");
    set_limit("limits-cards", "--max-scorecards", "1");
    set_limit("limits-cards", "--max-sources", "0");
    expect(post_kpi(key, "m1"), 201);
    const char *card = "{\"code\":\"%s\",\"name\":\"Director\",\"owner\":\"marketing\","
                       "\"granularity\":\"month\",\"fixed_pay\":1000,\"bonus_base\":100,"
                       "\"items\":[{\"kpi\":\"m1\",\"weight\":1}]}";
    char body[512];
    snprintf(body, sizeof body, card, "c1");
    expect(api_post_json("/v1/scorecards", key, body), 201);
    snprintf(body, sizeof body, card, "c2");
    struct api_response *r = api_post_json("/v1/scorecards", key, body);
    assert_limit(r, "max_scorecards", 1);
    api_response_free(r);
    r = api_post_json("/v1/sources", key,
                      "{\"name\":\"crm\",\"payload\":\"json\",\"secret\":\"s3cret-for-limits-1\","
                      "\"field_map\":{\"external_id\":{\"from\":\"/id\"}}}");
    assert_limit(r, "max_sources", 0);
    api_response_free(r);
    assert_sql("0",
               "SELECT count(*)::text FROM webhook_sources s JOIN workspaces w"
               " ON w.id = s.workspace_id WHERE w.name = $1",
               "limits-cards");
    free(key);
}
END_TEST

START_TEST(result_rows_and_series_periods_are_bounded)
{
    char *key = api_new_workspace_key("limits-results", "admin");
    expect(post_kpi(key, "r1"), 201);
    expect(post_kpi(key, "r2"), 201);
    expect(api_request("PUT", "/v1/periods/2025-01", key, "application/json", NULL), 201);
    expect(api_get("/v1/periods/2025-01/results", key), 200);
    set_limit("limits-results", "--max-result-rows", "1");
    /* two monthly KPIs make two result rows */
    expect_limit(key, "/v1/periods/2025-01/results", "max_result_rows", 1);
    expect_limit(key, "/v1/periods/2025-01/scorecards", "max_result_rows", 1);
    set_limit("limits-results", "--max-result-rows", "2");
    expect(api_get("/v1/periods/2025-01/results", key), 200);

    set_limit("limits-results", "--max-result-periods", "3");
    expect(api_get("/v1/kpis/r1/series?from=2025-01&to=2025-03", key), 200);
    expect_limit(key, "/v1/kpis/r1/series?from=2025-01&to=2025-04", "max_result_periods", 3);
    free(key);
}
END_TEST

/* GET /v1/periods/2025-01/payouts answers 200 with n statements. */
static void expect_statements(const char *key, size_t n)
{
    struct api_response *r = api_get("/v1/periods/2025-01/payouts", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/payouts")), n);
    api_response_free(r);
}

/* A period's payout statements are result rows too: one per person paid. */
START_TEST(period_payouts_are_bounded_by_result_rows)
{
    char *key = api_new_workspace_key("limits-payouts", "admin");
    expect(post_kpi(key, "p1"), 201);
    expect(api_post_json("/v1/scorecards", key,
                         "{\"code\":\"sales\",\"name\":\"Sales\",\"granularity\":\"month\","
                         "\"fixed_pay\":0,\"bonus_base\":0,\"items\":[{\"kpi\":\"p1\",\"weight\":1}]}"),
           201);
    expect(api_request("PUT", "/v1/periods/2025-01", key, "application/json", NULL), 201);
    static const char *const people[] = {"anna", "boris"};
    for (int i = 0; i < 2; i++) {
        char body[256], path[64];
        snprintf(body, sizeof body,
                 "{\"code\":\"%s\",\"name\":\"%s\",\"department\":\"sales\","
                 "\"hired_on\":\"2024-01-01\"}",
                 people[i], people[i]);
        expect(api_post_json("/v1/people", key, body), 201);
        snprintf(path, sizeof path, "/v1/people/%s/pay-plan", people[i]);
        expect(api_request("PUT", path, key, "application/json",
                           "{\"effective_from\":\"2024-01\",\"scorecard\":\"sales\","
                           "\"fixed_pay\":1000,\"bonus_base\":100}"),
               201);
    }
    expect_statements(key, 2);
    set_limit("limits-payouts", "--max-result-rows", "1");
    expect_limit(key, "/v1/periods/2025-01/payouts", "max_result_rows", 1);
    expect_limit(key, "/v1/periods/2025-01/payouts?format=csv", "max_result_rows", 1);
    set_limit("limits-payouts", "--max-result-rows", "2");
    expect_statements(key, 2);
    free(key);
}
END_TEST

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(key_rate_answers_429_with_retry_after)
{
    char *key = api_new_workspace_key("limits-rate", "read");
    char *key2 = api_new_workspace_key("limits-rate", "read");
    char *other = api_new_workspace_key("limits-rate-other", "read");
    set_limit("limits-rate", "--requests-per-second", "5");
    /* the first request learns the key's rate; its bucket starts full (5 tokens) */
    expect(api_get("/v1/kpis", key), 200);
    int ok = 1, limited = 0;
    double start = now_s();
    for (int i = 0; i < 40; i++) {
        struct api_response *r = api_get("/v1/kpis", key);
        if (r->status == 200) {
            ok++;
        } else {
            api_assert_problem(r, 429);
            ck_assert_str_eq(api_json_string(r, "/type"), "urn:kpid:problem:rate-limited");
            ck_assert_str_eq(api_json_string(r, "/limit"), "requests_per_second");
            const char *retry = api_header(r, "Retry-After");
            ck_assert_msg(retry != NULL && atoi(retry) >= 1, "429 without Retry-After >= 1");
            limited++;
        }
        api_response_free(r);
    }
    double elapsed = now_s() - start;
    /* at most the burst of 5 plus 5 a second for the time taken (plus one in flight) */
    ck_assert_msg(ok <= 5 + (int)(elapsed * 5) + 2, "%d answered 200 in %.2f s at 5/s", ok,
                  elapsed);
    ck_assert_int_gt(limited, 0);
    /* buckets are per key: another key of the same workspace and another workspace go on */
    expect(api_get("/v1/kpis", key2), 200);
    expect(api_get("/v1/kpis", other), 200);
    /* tokens come back at the rate */
    struct timespec pause = {1, 300000000};
    nanosleep(&pause, NULL);
    expect(api_get("/v1/kpis", key), 200);
    free(key);
    free(key2);
    free(other);
}
END_TEST

Suite *api_limits_suite(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("limits");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cli_sets_prints_and_resets_limits);
    tcase_add_test(tc, kpi_count_limit_refuses_creates_but_not_replaces);
    tcase_add_test(tc, scorecard_and_source_count_limits);
    tcase_add_test(tc, result_rows_and_series_periods_are_bounded);
    tcase_add_test(tc, period_payouts_are_bounded_by_result_rows);
    tcase_add_test(tc, key_rate_answers_429_with_retry_after);
    suite_add_tcase(s, tc);
    return s;
}
