/* API tests of weekly periods: an ISO week crossing a month end in a non-UTC time zone, its
 * results, targets, scorecards, series and closing, as for months and quarters. */
#include "client.h"
#include "ingest_util.h"
#include "results_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Workspace time zone Europe/Moscow (UTC+3, no summer time). 2025-W05 is Monday 2025-01-27
 * 00:00 MSK (2025-01-26T21:00Z) to Monday 2025-02-03 00:00 MSK (2025-02-02T21:00Z): it
 * crosses the end of January.
 *
 *   lead  created (UTC)          local (MSK)           week (MSK)  week (if it were UTC)
 *   A     2025-01-26T20:59:00Z   Sun 01-26 23:59       W04         W04
 *   B     2025-01-26T21:00:00Z   Mon 01-27 00:00       W05         W04
 *   C     2025-01-31T12:00:00Z   Fri 01-31 15:00       W05         W05
 *   E     2025-02-02T21:00:00Z   Mon 02-03 00:00       W06         W05
 *   F     2025-02-02T22:30:00Z   Mon 02-03 01:30       W06         W05
 *
 * So weekly leads are W04 1, W05 2 (B, C), W06 2 (E, F); in UTC W05 would have been 3.
 */
static char *week_dataset(const char *workspace)
{
    char *key = api_new_workspace_key(workspace, "admin");
    struct api_response *r =
        api_sendf("PUT", "/v1/settings", key, "{\"timezone\":\"Europe/Moscow\"}");
    api_assert_status(r, 200);
    api_response_free(r);
    const char *leads[][2] = {{"A", "2025-01-26T20:59:00Z"},
                              {"B", "2025-01-26T21:00:00Z"},
                              {"C", "2025-01-31T12:00:00Z"},
                              {"E", "2025-02-02T21:00:00Z"},
                              {"F", "2025-02-02T22:30:00Z"}};
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"source\":\"crm\",\"external_id\":\"%s\",\"channel\":\"seo\","
                 "\"created_at\":\"%s\",\"contact\":{\"email\":\"%s@example.com\"}}",
                 leads[i][0], leads[i][1], leads[i][0]);
        post_ok(key, "/v1/leads", body);
    }
    post_ok(key, "/v1/kpis",
            "{\"code\":\"weekly_leads\",\"name\":\"Weekly leads\",\"owner\":\"marketing\","
            "\"metric\":\"leads\",\"granularity\":\"week\"}");
    post_ok(key, "/v1/kpis",
            "{\"code\":\"monthly_leads\",\"name\":\"Monthly leads\",\"owner\":\"marketing\","
            "\"metric\":\"leads\",\"granularity\":\"month\"}");
    return key;
}

START_TEST(week_crossing_a_month_end_in_moscow)
{
    char *key = week_dataset("weeks-msk");
    struct api_response *r = api_request("PUT", "/v1/periods/2025-W05", key, NULL, NULL);
    api_assert_status(r, 201);
    assert_text(api_json_at(r, ""), "period", "kind", "week");
    assert_text(api_json_at(r, ""), "period", "start", "2025-01-27");
    assert_text(api_json_at(r, ""), "period", "end", "2025-02-03");
    assert_text(api_json_at(r, ""), "period", "starts_at", "2025-01-26T21:00:00Z");
    assert_text(api_json_at(r, ""), "period", "ends_at", "2025-02-02T21:00:00Z");
    api_response_free(r);
    /* 2025 has 52 ISO weeks; 2026 has 53 */
    r = api_request("PUT", "/v1/periods/2025-W53", key, NULL, NULL);
    api_assert_problem(r, 422);
    api_response_free(r);
    put_ok(key, "/v1/periods/2026-W53", "{}");
    r = get_ok(key, "/v1/periods?kind=week");
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 2);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/id"), "2025-W05");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/id"), "2026-W53");
    api_response_free(r);

    /* only the weekly KPI: B and C, matured at the week's end (lag 0), target 4 -> 0.5 */
    put_ok(key, "/v1/periods/2025-W05/targets/weekly_leads", "{\"plan\":4}");
    r = get_ok(key, "/v1/periods/2025-W05/results?as_of=2025-06-01T00:00:00Z");
    assert_text(api_json_at(r, ""), "results", "kind", "week");
    assert_text(api_json_at(r, ""), "results", "start", "2025-01-27");
    ck_assert_int_eq(json_array_size(api_json_at(r, "/results")), 1);
    json_t *weekly = result_of(r, "weekly_leads");
    assert_number(weekly, "W05", "fact", 2);
    assert_number(weekly, "W05", "attainment", 0.5);
    assert_text(weekly, "W05", "status", "below_plan");
    assert_text(weekly, "W05", "maturity", "final");
    assert_text(weekly, "W05", "matures_on", "2025-02-03");
    assert_text(weekly, "W05", "previous/period", "2025-W04");
    assert_number(weekly, "W05", "previous/fact", 1);
    api_response_free(r);
    /* as of Sunday 23:59 MSK the week is still open: provisional */
    r = get_ok(key, "/v1/periods/2025-W05/results?as_of=2025-02-02T20:59:00Z");
    assert_text(result_of(r, "weekly_leads"), "W05", "maturity", "provisional");
    api_response_free(r);

    /* the series: W04 1, W05 2, W06 2, W07 0 */
    r = get_ok(key, "/v1/kpis/weekly_leads/series?from=2025-W04&to=2025-W07&as_of="
                    "2025-06-01T00:00:00Z");
    const double facts[] = {1, 2, 2, 0};
    const char *ids[] = {"2025-W04", "2025-W05", "2025-W06", "2025-W07"};
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 4);
    for (int i = 0; i < 4; i++) {
        char pointer[16];
        snprintf(pointer, sizeof pointer, "/items/%d", i);
        assert_text(api_json_at(r, pointer), pointer, "period", ids[i]);
        assert_number(api_json_at(r, pointer), pointer, "fact", facts[i]);
    }
    assert_text(api_json_at(r, "/items/1"), "W05", "start", "2025-01-27");
    api_response_free(r);
    r = api_get("/v1/kpis/weekly_leads/series?from=2025-01&to=2025-02", key);
    api_assert_problem(r, 422);
    api_response_free(r);
    free(key);
}
END_TEST

/*
 * A weekly scorecard: weekly_leads weight 1, plan 4, fact 2 -> index 0.5; fixed_pay 1000,
 * bonus_base 500: bonus 250, payout 1250. Closing the week freezes it: a third W05 lead (D,
 * Wednesday 2025-01-29) leaves the closed week at 2 until it is reopened, then it is 3.
 */
START_TEST(weekly_scorecard_close_and_reopen)
{
    char *key = week_dataset("weeks-close");
    put_ok(key, "/v1/periods/2025-W05", "{}");
    put_ok(key, "/v1/periods/2025-W05/targets/weekly_leads", "{\"plan\":4}");
    post_ok(key, "/v1/scorecards",
            "{\"code\":\"weekly_sdr\",\"name\":\"SDR\",\"granularity\":\"week\","
            "\"fixed_pay\":1000,\"bonus_base\":500,\"items\":[{\"kpi\":\"weekly_leads\","
            "\"weight\":1}]}");
    struct api_response *r = api_post_json("/v1/scorecards", key,
                                           "{\"code\":\"mixed\",\"name\":\"Mixed\","
                                           "\"granularity\":\"week\",\"fixed_pay\":0,"
                                           "\"bonus_base\":0,\"items\":[{\"kpi\":"
                                           "\"monthly_leads\",\"weight\":1}]}");
    api_assert_problem(r, 422); /* a monthly KPI on a weekly scorecard */
    api_response_free(r);
    r = get_ok(key, "/v1/periods/2025-W05/scorecards");
    assert_number(api_json_at(r, "/scorecards/0"), "weekly_sdr", "total", 0.5);
    assert_number(api_json_at(r, "/scorecards/0"), "weekly_sdr", "bonus", 250);
    assert_number(api_json_at(r, "/scorecards/0"), "weekly_sdr", "payout", 1250);
    api_response_free(r);

    r = api_post_json("/v1/periods/2025-W05/close", key, "{}");
    api_assert_status(r, 200);
    ck_assert(json_is_true(api_json_at(r, "/closed")));
    api_response_free(r);
    post_ok(key, "/v1/leads",
            "{\"source\":\"crm\",\"external_id\":\"D\",\"channel\":\"seo\","
            "\"created_at\":\"2025-01-29T10:00:00Z\",\"contact\":{\"email\":\"d@example.com\"}}");
    r = get_ok(key, "/v1/periods/2025-W05/results");
    ck_assert(json_is_true(api_json_at(r, "/closed")));
    assert_number(result_of(r, "weekly_leads"), "closed W05", "fact", 2);
    api_response_free(r);
    r = get_ok(key, "/v1/periods/2025-W05/scorecards");
    assert_number(api_json_at(r, "/scorecards/0"), "closed W05", "payout", 1250);
    api_response_free(r);

    r = api_post_json("/v1/periods/2025-W05/reopen", key, "");
    api_assert_status(r, 200);
    ck_assert(json_is_false(api_json_at(r, "/closed")));
    api_response_free(r);
    /* reopened: 3 of plan 4 -> 0.75; bonus 375, payout 1375 */
    r = get_ok(key, "/v1/periods/2025-W05/results");
    ck_assert(json_is_false(api_json_at(r, "/closed")));
    assert_number(result_of(r, "weekly_leads"), "reopened W05", "fact", 3);
    api_response_free(r);
    r = get_ok(key, "/v1/periods/2025-W05/scorecards");
    assert_number(api_json_at(r, "/scorecards/0"), "reopened W05", "payout", 1375);
    api_response_free(r);
    free(key);
}
END_TEST

Suite *api_weeks_suite(void)
{
    Suite *s = suite_create("api_weeks");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, week_crossing_a_month_end_in_moscow);
    tcase_add_test(tc, weekly_scorecard_close_and_reopen);
    suite_add_tcase(s, tc);
    return s;
}
