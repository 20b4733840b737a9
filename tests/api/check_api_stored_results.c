/* API tests of stored results: for a workspace with data in every measure and a KPI on every
 * catalogue metric, the stored results (what GET answers while fresh, and what the reporting
 * views show) equal a live computation; a relevant write is never answered from stale stored
 * results and is stored within the refresh interval (1 s in the harness), an unrelated one
 * leaves them alone; a closed period's stored numbers never change. */
#include "client.h"
#include "reporting_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void post_ok(const char *key, const char *path, const char *json)
{
    struct api_response *r = api_post_json(path, key, json);
    ck_assert_msg(r->status == 200 || r->status == 201, "POST %s: %ld %s", path, r->status,
                  r->body);
    api_response_free(r);
}

static struct api_response *get_ok(const char *key, const char *path)
{
    struct api_response *r = api_get(path, key);
    api_assert_status(r, 200);
    return r;
}

/* Leads in two channels (valid, invalid, SQL, brand, every funnel step), won and lost deals
 * of new and repeat clients, spend and NPS answers, in December 2024 and January 2025; a KPI
 * on every catalogue metric with a January target, and a scorecard. */
static char *demo_like(const char *workspace)
{
    char *key = api_new_workspace_key(workspace, "admin");
    static const char *const leads[] = {
        "\"external_id\":\"L0\",\"channel\":\"seo\",\"created_at\":\"2024-12-20T10:00:00Z\","
        "\"first_contact_at\":\"2024-12-20T11:00:00Z\",\"meeting_at\":\"2025-01-05T10:00:00Z\","
        "\"proposal_at\":\"2025-01-06T10:00:00Z\"",
        "\"external_id\":\"L1\",\"channel\":\"seo\",\"created_at\":\"2025-01-06T10:00:00Z\","
        "\"is_sql\":true,\"is_brand\":true,\"first_contact_at\":\"2025-01-06T10:30:00Z\","
        "\"meeting_at\":\"2025-01-08T10:00:00Z\",\"proposal_at\":\"2025-01-10T10:00:00Z\"",
        "\"external_id\":\"L2\",\"channel\":\"ads\",\"created_at\":\"2025-01-07T09:00:00Z\","
        "\"is_sql\":true,\"first_contact_at\":\"2025-01-07T13:00:00Z\"",
        "\"external_id\":\"L3\",\"channel\":\"ads\",\"created_at\":\"2025-01-15T12:00:00Z\","
        "\"is_valid\":false,\"invalid_reason\":\"spam\"",
        "\"external_id\":\"L4\",\"channel\":\"ads\",\"created_at\":\"2025-01-20T12:00:00Z\""};
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
        char body[600];
        snprintf(body, sizeof body, "{\"source\":\"crm\",%s}", leads[i]);
        post_ok(key, "/v1/leads", body);
    }
    static const char *const deals[] = {
        "\"external_id\":\"D0\",\"lead_external_id\":\"L0\",\"client_ref\":\"c1\","
        "\"amount\":30000,\"gross_margin\":10000,\"status\":\"won\","
        "\"closed_at\":\"2024-12-28T10:00:00Z\"",
        "\"external_id\":\"D1\",\"lead_external_id\":\"L1\",\"client_ref\":\"c1\","
        "\"amount\":100000,\"gross_margin\":40000,\"status\":\"won\","
        "\"closed_at\":\"2025-01-20T10:00:00Z\"",
        "\"external_id\":\"D2\",\"lead_external_id\":\"L2\",\"client_ref\":\"c2\","
        "\"amount\":50000,\"status\":\"won\",\"closed_at\":\"2025-01-25T09:00:00Z\"",
        "\"external_id\":\"D3\",\"lead_external_id\":\"L4\",\"amount\":10000,"
        "\"status\":\"lost\",\"closed_at\":\"2025-01-29T10:00:00Z\""};
    for (size_t i = 0; i < sizeof deals / sizeof deals[0]; i++) {
        char body[600];
        snprintf(body, sizeof body, "{\"source\":\"crm\",%s}", deals[i]);
        post_ok(key, "/v1/deals", body);
    }
    post_ok(key, "/v1/spend", "{\"channel\":\"seo\",\"date\":\"2025-01-05\",\"amount\":30000}");
    post_ok(key, "/v1/spend", "{\"channel\":\"ads\",\"date\":\"2025-01-15\",\"amount\":20000.5}");
    post_ok(key, "/v1/spend", "{\"channel\":\"ads\",\"date\":\"2024-12-15\",\"amount\":9000}");
    static const int scores[] = {10, 9, 7, 3};
    for (size_t i = 0; i < sizeof scores / sizeof scores[0]; i++) {
        char body[200];
        snprintf(body, sizeof body,
                 "{\"external_id\":\"N%zu\",\"score\":%d,\"responded_at\":\"2025-01-1%zuT10:00:00Z\"}",
                 i, scores[i], i);
        post_ok(key, "/v1/nps-responses", body);
    }
    struct api_response *metrics = get_ok(key, "/v1/metrics");
    ck_assert(json_is_null(api_json_at(metrics, "/next_cursor")));
    size_t i;
    json_t *m;
    json_array_foreach(api_json_at(metrics, "/items"), i, m)
    {
        const char *id = json_string_value(json_object_get(m, "id"));
        bool lower = strcmp(json_string_value(json_object_get(m, "direction")),
                            "lower_is_better") == 0;
        char body[512];
        snprintf(body, sizeof body,
                 "{\"code\":\"%s\",\"name\":\"%s\",\"owner\":\"shared\",\"metric\":\"%s\","
                 "\"granularity\":\"month\",\"target\":{\"base\":%d,\"plan\":2,\"stretch\":%d}}",
                 id, id, id, lower ? 3 : 1, lower ? 1 : 3);
        post_ok(key, "/v1/kpis", body);
    }
    api_response_free(metrics);
    post_ok(key, "/v1/scorecards",
            "{\"code\":\"director\",\"name\":\"Marketing director\",\"granularity\":\"month\","
            "\"fixed_pay\":150000,\"bonus_base\":65000,\"items\":[{\"kpi\":\"new_clients\","
            "\"weight\":0.5},{\"kpi\":\"cpl\",\"weight\":0.25},{\"kpi\":\"nps\",\"weight\":0.25}]}");
    return key;
}

/* Waits up to 10 s for the condition SQL (read as the reporting role) to answer "t". */
static void wait_for(PGconn *conn, const char *sql)
{
    for (int i = 0; i < 100; i++) {
        char *v = reporting_value(conn, sql);
        bool done = v != NULL && strcmp(v, "t") == 0;
        free(v);
        if (done)
            return;
        usleep(100 * 1000);
    }
    ck_abort_msg("not within 10 s: %s", sql);
}

static const char *const JANUARY_FRESH =
    "SELECT results_fresh FROM reporting.periods WHERE period = '2025-01'";

/* reporting.periods' results_as_of of January (free it). */
static char *january_as_of(PGconn *conn)
{
    return reporting_value(conn, "SELECT results_as_of FROM reporting.periods"
                                 " WHERE period = '2025-01'");
}

/* The JSON value of a reporting query that answers one json column (decref it). */
static json_t *json_of(PGconn *conn, const char *sql)
{
    char *text = reporting_value(conn, sql);
    json_t *v = json_loads(text ? text : "null", JSON_DECODE_ANY, NULL);
    ck_assert_msg(v != NULL, "%s: %s", sql, text);
    free(text);
    return v;
}

START_TEST(stored_equal_live_for_every_kpi)
{
    char *key = demo_like("stored-demo");
    char *url = reporting_grant("stored-demo");
    PGconn *conn = reporting_connect(url);
    /* the first read computes; from then on kpid keeps January */
    api_response_free(get_ok(key, "/v1/periods/2025-01/results"));
    wait_for(conn, JANUARY_FRESH);
    struct api_response *stored = get_ok(key, "/v1/periods/2025-01/results");
    struct api_response *live = get_ok(key, "/v1/periods/2025-01/results?live=true");
    /* answered from the stored results: their as_of, not the moment of the read */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT results_as_of = '%s'::timestamptz AND results_as_of < '%s'::timestamptz"
             " FROM reporting.periods WHERE period = '2025-01'",
             json_string_value(api_json_at(stored, "/as_of")),
             json_string_value(api_json_at(live, "/as_of")));
    char *same = reporting_value(conn, sql);
    ck_assert_str_eq(same, "t");
    free(same);
    json_t *kept = api_json_at(stored, "/results"), *now = api_json_at(live, "/results");
    /* one KPI per catalogue metric */
    struct api_response *metrics = get_ok(key, "/v1/metrics");
    ck_assert_int_eq(json_array_size(kept), json_array_size(api_json_at(metrics, "/items")));
    api_response_free(metrics);
    ck_assert_msg(json_equal(kept, now), "stored %s\nlive %s", stored->body, live->body);
    /* the reporting view carries the same numbers, KPI by KPI */
    json_t *view = json_of(conn, "SELECT json_object_agg(kpi, json_build_array(fact, target_plan,"
                                 " attainment, status, maturity, matures_on::text))"
                                 " FROM reporting.kpi_results WHERE period = '2025-01'");
    size_t i;
    json_t *r;
    json_array_foreach(now, i, r)
    {
        const char *kpi = json_string_value(json_object_get(r, "kpi"));
        json_t *row = json_object_get(view, kpi);
        ck_assert_msg(row != NULL, "no row for %s", kpi);
        json_t *want_row = json_pack(
            "[O,O,O,O,O,O]", json_object_get(r, "fact"),
            json_object_get(json_object_get(r, "target"), "plan"),
            json_object_get(r, "attainment"), json_object_get(r, "status"),
            json_object_get(r, "maturity"), json_object_get(r, "matures_on"));
        /* a number read back from the view may be written 1.0 where JSON says 1 */
        for (size_t c = 0; c < 6; c++) {
            json_t *a = json_array_get(row, c), *b = json_array_get(want_row, c);
            if (json_is_number(a) && json_is_number(b))
                ck_assert_msg(json_number_value(a) == json_number_value(b), "%s[%zu]", kpi, c);
            else
                ck_assert_msg(json_equal(a, b), "%s[%zu]: %s", kpi, c, stored->body);
        }
        json_decref(want_row);
    }
    ck_assert_int_eq(json_object_size(view), json_array_size(now));
    json_decref(view);
    /* the scorecard lines equal a live scoring */
    struct api_response *sc = get_ok(key, "/v1/periods/2025-01/scorecards?live=true");
    json_t *lines = json_of(conn, "SELECT json_agg(json_build_array(kpi, capped_attainment,"
                                  " item_bonus, payout) ORDER BY kpi)"
                                  " FROM reporting.scorecard_results WHERE period = '2025-01'");
    ck_assert_int_eq(json_array_size(lines), 3);
    json_array_foreach(lines, i, r)
    {
        const char *kpi = json_string_value(json_array_get(r, 0));
        json_t *items = api_json_at(sc, "/scorecards/0/items"), *item = NULL, *it;
        size_t j;
        json_array_foreach(items, j, it) if (strcmp(json_string_value(json_object_get(it, "kpi")),
                                                    kpi) == 0) item = it;
        ck_assert_msg(item != NULL, "%s", kpi);
        ck_assert(json_number_value(json_array_get(r, 1)) ==
                  json_number_value(json_object_get(item, "capped_attainment")));
        ck_assert(json_number_value(json_array_get(r, 2)) ==
                  json_number_value(json_object_get(item, "item_bonus")));
        ck_assert(json_number_value(json_array_get(r, 3)) ==
                  json_number_value(api_json_at(sc, "/scorecards/0/payout")));
    }
    json_decref(lines);
    api_response_free(sc);
    api_response_free(stored);
    api_response_free(live);
    PQfinish(conn);
    free(url);
    free(key);
}
END_TEST

/* The fact of `kpi` in a results response. */
static double fact_of(const struct api_response *r, const char *kpi)
{
    size_t i;
    json_t *item;
    json_array_foreach(api_json_at(r, "/results"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "kpi")), kpi) == 0)
            return json_number_value(json_object_get(item, "fact"));
    }
    ck_abort_msg("no result for %s", kpi);
    return 0;
}

START_TEST(stale_after_a_write_fresh_within_the_interval)
{
    char *key = api_new_workspace_key("stored-stale", "admin");
    post_ok(key, "/v1/leads", "{\"channel\":\"seo\",\"created_at\":\"2025-01-10T10:00:00Z\"}");
    post_ok(key, "/v1/kpis", "{\"code\":\"leads\",\"name\":\"Leads\",\"owner\":\"marketing\","
                             "\"metric\":\"leads\",\"granularity\":\"month\"}");
    char *url = reporting_grant("stored-stale");
    PGconn *conn = reporting_connect(url);
    api_response_free(get_ok(key, "/v1/periods/2025-01/results"));
    wait_for(conn, JANUARY_FRESH);
    char *before = january_as_of(conn);
    /* a write in March does not touch January: nothing to refresh, the same stored numbers */
    post_ok(key, "/v1/leads", "{\"channel\":\"seo\",\"created_at\":\"2025-03-10T10:00:00Z\"}");
    sleep(2);
    char *after = january_as_of(conn);
    ck_assert_str_eq(after, before);
    free(after);
    /* a January lead: the very next read has it (stale results are not answered) ... */
    post_ok(key, "/v1/leads", "{\"channel\":\"ads\",\"created_at\":\"2025-01-20T10:00:00Z\"}");
    struct api_response *r = get_ok(key, "/v1/periods/2025-01/results");
    ck_assert(fact_of(r, "leads") == 2);
    api_response_free(r);
    /* ... and the stored results have it within the refresh interval */
    wait_for(conn, "SELECT results_fresh AND fact = 2 FROM reporting.periods p"
                   " JOIN reporting.kpi_results k USING (period) WHERE period = '2025-01'");
    after = january_as_of(conn);
    ck_assert_str_ne(after, before);
    free(after);
    /* a definition change makes every period stale: the target shows up once refreshed */
    struct api_response *t = api_request("PUT", "/v1/periods/2025-01/targets/leads", key,
                                         "application/json", "{\"plan\":4}");
    ck_assert_msg(t->status == 200 || t->status == 201, "%s", t->body);
    api_response_free(t);
    wait_for(conn, "SELECT results_fresh AND target_plan = 4 AND attainment = 0.5"
                   " FROM reporting.periods p JOIN reporting.kpi_results k USING (period)"
                   " WHERE period = '2025-01'");
    free(before);
    PQfinish(conn);
    free(url);
    free(key);
}
END_TEST

START_TEST(closed_period_never_recomputed)
{
    char *key = api_new_workspace_key("stored-closed", "admin");
    post_ok(key, "/v1/leads", "{\"channel\":\"seo\",\"created_at\":\"2025-01-10T10:00:00Z\"}");
    post_ok(key, "/v1/kpis", "{\"code\":\"leads\",\"name\":\"Leads\",\"owner\":\"marketing\","
                             "\"metric\":\"leads\",\"granularity\":\"month\"}");
    char *url = reporting_grant("stored-closed");
    PGconn *conn = reporting_connect(url);
    api_response_free(get_ok(key, "/v1/periods/2025-01/results"));
    wait_for(conn, JANUARY_FRESH);
    post_ok(key, "/v1/periods/2025-01/close", "{\"force\":true}");
    static const char *const frozen_sql =
        "SELECT json_agg(k)::text FROM reporting.kpi_results k WHERE period = '2025-01'";
    char *frozen = reporting_value(conn, frozen_sql);
    struct api_response *answered = get_ok(key, "/v1/periods/2025-01/results");
    /* writes into January, then more than two refresh intervals */
    post_ok(key, "/v1/leads", "{\"channel\":\"seo\",\"created_at\":\"2025-01-11T10:00:00Z\"}");
    post_ok(key, "/v1/leads", "{\"channel\":\"ads\",\"created_at\":\"2025-01-12T10:00:00Z\"}");
    sleep(3);
    char *later = reporting_value(conn, frozen_sql);
    ck_assert_str_eq(later, frozen);
    ck_assert_msg(strstr(later, "\"fact\":1,") != NULL, "%s", later);
    struct api_response *again = get_ok(key, "/v1/periods/2025-01/results");
    ck_assert_str_eq(again->body, answered->body);
    ck_assert(fact_of(again, "leads") == 1);
    /* the writes did happen: a live computation (a restatement) counts them */
    struct api_response *live = get_ok(key, "/v1/periods/2025-01/results?live=true");
    ck_assert(fact_of(live, "leads") == 3);
    api_response_free(live);
    api_response_free(again);
    api_response_free(answered);
    free(later);
    free(frozen);
    PQfinish(conn);
    free(url);
    free(key);
}
END_TEST

Suite *api_stored_results_suite(void)
{
    Suite *s = suite_create("api_stored_results");
    TCase *tc = tcase_create("stored_results");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, stored_equal_live_for_every_kpi);
    tcase_add_test(tc, stale_after_a_write_fresh_within_the_interval);
    tcase_add_test(tc, closed_period_never_recomputed);
    suite_add_tcase(s, tc);
    return s;
}
