/* API tests of scorecards and period closing: the worked payout example of
 * docs/kpi-semantics.md section 6 to the cent, closing (refused while provisional unless
 * forced), the frozen snapshot with its live restatement, and reopening (section 7). */
#include "client.h"
#include "ingest_util.h"

#include <math.h>
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

/* `n` won deals closed in March 2025 with is_new_client stated, numbered from `first`. */
static void add_deals(const char *key, int first, int n, bool is_new)
{
    size_t size = (size_t)n * 200 + 32;
    char *body = malloc(size);
    ck_assert(body != NULL);
    size_t len = (size_t)snprintf(body, size, "{\"items\":[");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(body + len, size - len,
                                "%s{\"source\":\"crm\",\"external_id\":\"D%d\",\"amount\":1000,"
                                "\"is_new_client\":%s,\"status\":\"won\","
                                "\"closed_at\":\"2025-03-%02dT10:00:00Z\"}",
                                i ? "," : "", first + i, is_new ? "true" : "false", 1 + i % 28);
    snprintf(body + len, size - len, "]}");
    struct api_response *r = api_post_json("/v1/deals/batch", key, body);
    api_assert_status(r, 200);
    api_response_free(r);
    free(body);
}

/*
 * docs/kpi-semantics.md section 6: new clients 180 of plan 200 (weight 0.5), repeat purchases
 * 60 of 50 (0.25), positive reviews (manual) 90 of 100 (0.25). Indexes 0.45, 0.30, 0.225; total
 * 0.975; item bonuses 65000 * index = 29250, 19500, 14625; bonus 63375; payout 150000 + 63375
 * = 213375.00.
 */
static char *worked_example(const char *workspace)
{
    char *key = api_new_workspace_key(workspace, "admin");
    send_ok("POST", key, "/v1/kpis",
            "{\"code\":\"new_clients\",\"name\":\"New clients\",\"owner\":\"sales\","
            "\"metric\":\"new_clients\",\"granularity\":\"month\"}");
    send_ok("POST", key, "/v1/kpis",
            "{\"code\":\"repeat\",\"name\":\"Repeat purchases\",\"owner\":\"sales\","
            "\"metric\":\"repeat_purchases\",\"granularity\":\"month\"}");
    send_ok("POST", key, "/v1/kpis",
            "{\"code\":\"reviews\",\"name\":\"Positive reviews\",\"owner\":\"marketing\","
            "\"manual\":true,\"unit\":\"count\",\"direction\":\"higher_is_better\","
            "\"granularity\":\"month\"}");
    send_ok("PUT", key, "/v1/periods/2025-03", "{}");
    send_ok("PUT", key, "/v1/periods/2025-03/targets/new_clients", "{\"plan\":200}");
    send_ok("PUT", key, "/v1/periods/2025-03/targets/repeat", "{\"plan\":50}");
    send_ok("PUT", key, "/v1/periods/2025-03/targets/reviews", "{\"plan\":100}");
    send_ok("PUT", key, "/v1/periods/2025-03/facts/reviews", "{\"value\":90}");
    send_ok("POST", key, "/v1/scorecards",
            "{\"code\":\"sales_manager\",\"name\":\"Sales manager\",\"granularity\":\"month\","
            "\"fixed_pay\":150000,\"bonus_base\":65000,\"items\":["
            "{\"kpi\":\"new_clients\",\"weight\":0.5},{\"kpi\":\"repeat\",\"weight\":0.25},"
            "{\"kpi\":\"reviews\",\"weight\":0.25}]}");
    add_deals(key, 1, 180, true);
    add_deals(key, 1001, 60, false);
    return key;
}

static void assert_near(const json_t *v, double expected, const char *what)
{
    ck_assert_msg(json_is_number(v), "%s: not a number", what);
    ck_assert_msg(fabs(json_number_value(v) - expected) <= 1e-9 * fmax(1.0, fabs(expected)),
                  "%s: %.17g, expected %.17g", what, json_number_value(v), expected);
}

START_TEST(worked_scorecard_example_to_the_cent)
{
    char *key = worked_example("results-payout");
    struct api_response *r = api_get("/v1/periods/2025-03/scorecards", key);
    api_assert_status(r, 200);
    const double index[] = {0.45, 0.30, 0.225}, bonus[] = {29250, 19500, 14625};
    const double fact[] = {180, 60, 90}, attainment[] = {0.9, 1.2, 0.9};
    for (int i = 0; i < 3; i++) {
        char p[64];
        snprintf(p, sizeof p, "/scorecards/0/items/%d/fact", i);
        assert_near(api_json_at(r, p), fact[i], p);
        snprintf(p, sizeof p, "/scorecards/0/items/%d/attainment", i);
        assert_near(api_json_at(r, p), attainment[i], p);
        snprintf(p, sizeof p, "/scorecards/0/items/%d/index", i);
        assert_near(api_json_at(r, p), index[i], p);
        snprintf(p, sizeof p, "/scorecards/0/items/%d/item_bonus", i);
        assert_near(api_json_at(r, p), bonus[i], p);
    }
    assert_near(api_json_at(r, "/scorecards/0/total"), 0.975, "total");
    assert_near(api_json_at(r, "/scorecards/0/bonus"), 63375.00, "bonus");
    assert_near(api_json_at(r, "/scorecards/0/payout"), 213375.00, "payout");
    ck_assert_int_eq(json_array_size(api_json_at(r, "/scorecards/0/warnings")), 0);
    api_response_free(r);
    /* CSV: one row per item with the same payout */
    r = api_get("/v1/periods/2025-03/scorecards?format=csv", key);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "text/csv"));
    ck_assert_msg(strstr(r->body, ",213375,") != NULL, "%s", r->body);
    api_response_free(r);
    free(key);
}
END_TEST

/* The restatement entry of `kpi` at `field`, or NULL. */
static json_t *restated(const struct api_response *r, const char *kpi, const char *field)
{
    size_t i;
    json_t *d;
    json_array_foreach(api_json_at(r, "/restatement"), i, d)
    {
        if (strcmp(json_string_value(json_object_get(d, "kpi")), kpi) == 0 &&
            strcmp(json_string_value(json_object_get(d, "field")), field) == 0)
            return d;
    }
    return NULL;
}

START_TEST(close_freezes_and_reopen_is_recorded)
{
    char *key = worked_example("results-close");
    /* a cohort KPI with a ten-year lag (3650 days) keeps March provisional */
    send_ok("POST", key, "/v1/kpis",
            "{\"code\":\"slow\",\"name\":\"Slow\",\"owner\":\"shared\",\"metric\":\"won_deals\","
            "\"granularity\":\"month\",\"attribution\":\"cohort\",\"lag_days\":3650}");
    struct api_response *r = api_post_json("/v1/periods/2025-03/close", key, "{}");
    api_assert_problem(r, 409);
    ck_assert_msg(strstr(r->body, "slow") != NULL, "%s", r->body);
    api_response_free(r);
    r = api_post_json("/v1/periods/2025-03/close", key, "{\"force\":\"yes\"}");
    api_assert_problem(r, 422);
    api_response_free(r);
    r = api_post_json("/v1/periods/2025-03/close", key, "{\"force\":true}");
    api_assert_status(r, 200);
    ck_assert(json_is_true(api_json_at(r, "/closed")));
    api_response_free(r);
    r = api_post_json("/v1/periods/2025-03/close", key, "{\"force\":true}");
    api_assert_problem(r, 409);
    api_response_free(r);

    /* a new client's deal arrives after closing: the snapshot keeps 180 */
    add_deals(key, 5000, 1, true);
    r = api_get("/v1/periods/2025-03/results?scope=sales", key);
    api_assert_status(r, 200);
    ck_assert(json_is_true(api_json_at(r, "/closed")));
    ck_assert_int_eq(json_array_size(api_json_at(r, "/results")), 2);
    assert_near(api_json_at(r, "/results/0/fact"), 180, "snapshot new clients");
    api_response_free(r);
    r = api_get("/v1/periods/2025-03/scorecards", key);
    assert_near(api_json_at(r, "/scorecards/0/payout"), 213375, "snapshot payout");
    api_response_free(r);
    /* live: 181 new clients, and the restatement says so */
    r = api_get("/v1/periods/2025-03/results?live=true", key);
    api_assert_status(r, 200);
    json_t *d = restated(r, "new_clients", "/fact");
    ck_assert_msg(d != NULL, "no restatement of new_clients: %s", r->body);
    assert_near(json_object_get(d, "snapshot"), 180, "restated snapshot");
    assert_near(json_object_get(d, "live"), 181, "restated live");
    ck_assert(restated(r, "repeat", "/fact") == NULL);
    api_response_free(r);
    r = api_get("/v1/periods/2025-03/scorecards?live=true", key);
    api_assert_status(r, 200);
    /* 181 / 200 = 0.905: payout 150000 + 65000 * (0.4525 + 0.3 + 0.225) = 213537.50 */
    assert_near(api_json_at(r, "/scorecards/0/payout"), 213537.50, "live payout");
    ck_assert(json_array_size(api_json_at(r, "/restatement")) > 0);
    api_response_free(r);

    /* reopen: live again, recorded with the key; reopening twice is a conflict */
    r = api_post_json("/v1/periods/2025-03/reopen", key, "");
    api_assert_status(r, 200);
    ck_assert(json_is_false(api_json_at(r, "/closed")));
    api_response_free(r);
    r = api_post_json("/v1/periods/2025-03/reopen", key, "");
    api_assert_problem(r, 409);
    api_response_free(r);
    r = api_post_json("/v1/periods/2031-03/reopen", key, "");
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/periods/2025-03/results?scope=sales", key);
    ck_assert(json_is_false(api_json_at(r, "/closed")));
    assert_near(api_json_at(r, "/results/0/fact"), 181, "live after reopening");
    api_response_free(r);
    char *events = api_sql_value(
        "SELECT string_agg(e.action || ':' || e.forced || ':' || (e.key_id IS NOT NULL), ','"
        " ORDER BY e.id) FROM period_events e JOIN workspaces w ON w.id = e.workspace_id"
        " WHERE w.name = $1",
        "results-close");
    ck_assert_str_eq(events, "close:true:true,reopen:false:true");
    free(events);

    /* read keys may not close */
    char *reader = api_new_workspace_key("results-close", "read");
    r = api_post_json("/v1/periods/2025-03/close", reader, "{}");
    api_assert_problem(r, 403);
    api_response_free(r);
    free(reader);
    free(key);
}
END_TEST

Suite *api_results_close_suite(void)
{
    Suite *s = suite_create("api_results_close");
    TCase *tc = tcase_create("close");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, worked_scorecard_example_to_the_cent);
    tcase_add_test(tc, close_freezes_and_reopen_is_recorded);
    suite_add_tcase(s, tc);
    return s;
}
