/* API tests of the lifetime metrics ltv, repeat_rate and romi_ltv: the cohort of a month's new
 * clients, each client's lag window after its first deal, maturity and as_of, the channel
 * filter and zero denominators. Expected values are worked out below. */
#include "client.h"
#include "ingest_util.h"
#include "results_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Workspace time zone UTC. Won deals (no leads; the client is the client_ref):
 *
 *   deal  client channel closed       amount
 *   D5    c3     seo     2024-12-15     300   c3's first
 *   D1    c1     seo     2025-01-10    1000   c1's first  (window to 2025-03-11)
 *   D4    c2     seo     2025-01-20    2000   c2's first  (window to 2025-03-21)
 *   D6    c3     seo     2025-01-25     400   a repeat: c3 is not in January's cohort
 *   D7    c4     ads     2025-01-31    1000   c4's first  (window to 2025-04-01)
 *   D2    c1     seo     2025-02-15     500   in c1's window
 *   D3    c1     seo     2025-03-20     700   after c1's window: never counts
 *   D8    c4     seo     2025-03-25     600   in c4's window (its own channel does not matter)
 *
 * The KPIs use lag_days 60; January matures on 2025-02-01 + 60 days = 2025-04-02.
 *
 * January, as of 2025-06-01 (final): cohort c1, c2, c4 = 3; lifetime revenue c1 1000 + 500,
 * c2 2000, c4 1000 + 600 = 5100; ltv 1700; repeat rate 2 of 3 = 66.67 %.
 * As of 2025-03-01 (provisional): D8 has not closed: c4 1000; 4500 / 3 = 1500; repeat 1 of 3.
 * As of 2025-01-15: only c1 has closed its first deal, D2 has not: ltv 1000, repeat 0 %.
 * channel=ads, final: c4 alone: ltv 1600, repeat 100 %.
 * February: no new client (D2 is a repeat): ltv and repeat rate null.
 *
 * romi_ltv (event attribution): January spend 4500 (seo 3000, ads 1500); new clients D1, D4,
 * D7 = 3; cac 1500; final romi_ltv = 100 * 1700 / 1500 = 113.33 %. channel=ads: spend 1500,
 * new clients D7 = 1, cac 1500, ltv 1600: 106.67 %. February: spend 0, cac 0 / 0: null.
 */
static char *lifetime_dataset(const char *workspace)
{
    char *key = api_new_workspace_key(workspace, "admin");
    static const struct {
        const char *id, *client, *channel, *closed;
        int amount;
    } deals[] = {
        {"D5", "c3", "seo", "2024-12-15", 300},  {"D1", "c1", "seo", "2025-01-10", 1000},
        {"D4", "c2", "seo", "2025-01-20", 2000}, {"D6", "c3", "seo", "2025-01-25", 400},
        {"D7", "c4", "ads", "2025-01-31", 1000}, {"D2", "c1", "seo", "2025-02-15", 500},
        {"D3", "c1", "seo", "2025-03-20", 700},  {"D8", "c4", "seo", "2025-03-25", 600},
    };
    for (size_t i = 0; i < sizeof deals / sizeof deals[0]; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"source\":\"crm\",\"external_id\":\"%s\",\"client_ref\":\"%s\","
                 "\"channel\":\"%s\",\"amount\":%d,\"status\":\"won\","
                 "\"closed_at\":\"%sT10:00:00Z\"}",
                 deals[i].id, deals[i].client, deals[i].channel, deals[i].amount, deals[i].closed);
        post_ok(key, "/v1/deals", body);
    }
    post_ok(key, "/v1/spend", "{\"channel\":\"seo\",\"date\":\"2025-01-05\",\"amount\":3000}");
    post_ok(key, "/v1/spend", "{\"channel\":\"ads\",\"date\":\"2025-01-06\",\"amount\":1500}");
    post_ok(key, "/v1/kpis",
            "{\"code\":\"ltv\",\"name\":\"LTV\",\"owner\":\"shared\",\"metric\":\"ltv\","
            "\"granularity\":\"month\",\"attribution\":\"cohort\",\"lag_days\":60}");
    post_ok(key, "/v1/kpis",
            "{\"code\":\"repeat\",\"name\":\"Repeat rate\",\"owner\":\"sales\","
            "\"metric\":\"repeat_rate\",\"granularity\":\"month\",\"attribution\":\"cohort\","
            "\"lag_days\":60}");
    post_ok(key, "/v1/kpis",
            "{\"code\":\"romi_ltv\",\"name\":\"ROMI by LTV\",\"owner\":\"shared\","
            "\"metric\":\"romi_ltv\",\"granularity\":\"month\",\"attribution\":\"event\","
            "\"lag_days\":60}");
    return key;
}

/* The January (or February) facts of the three KPIs as of `as_of`, with the query `extra`. */
static void assert_lifetime(const char *key, const char *month, const char *as_of,
                            const char *extra, double ltv, double repeat, double romi_ltv,
                            const char *maturity)
{
    struct api_response *r = get_ok(key, "/v1/periods/%s/results?as_of=%s%s", month, as_of, extra);
    char what[128];
    snprintf(what, sizeof what, "%s as of %s%s", month, as_of, extra);
    assert_number(result_of(r, "ltv"), what, "fact", ltv);
    assert_number(result_of(r, "repeat"), what, "fact", repeat);
    assert_number(result_of(r, "romi_ltv"), what, "fact", romi_ltv);
    assert_text(result_of(r, "ltv"), what, "maturity", maturity);
    assert_text(result_of(r, "repeat"), what, "maturity", maturity);
    assert_text(result_of(r, "ltv"), what, "matures_on",
                strcmp(month, "2025-01") == 0 ? "2025-04-02" : "2025-04-30");
    api_response_free(r);
}

START_TEST(ltv_and_repeat_rate_before_and_after_maturity)
{
    char *key = lifetime_dataset("lifetime-maturity");
    assert_lifetime(key, "2025-01", "2025-06-01T00:00:00Z", "", 1700, 100.0 * 2 / 3,
                    100.0 * 1700 / 1500, "final");
    assert_lifetime(key, "2025-01", "2025-03-01T00:00:00Z", "", 1500, 100.0 * 1 / 3,
                    100.0 * 1500 / 1500, "provisional");
    /* as of 01-15: spend 4500, new clients D1 = 1: cac 4500; ltv 1000 -> 22.2 % */
    assert_lifetime(key, "2025-01", "2025-01-15T00:00:00Z", "", 1000, 0, 100.0 * 1000 / 4500,
                    "provisional");
    assert_lifetime(key, "2025-01", "2025-06-01T00:00:00Z", "&channel=ads", 1600, 100,
                    100.0 * 1600 / 1500, "final");
    assert_lifetime(key, "2025-02", "2025-06-01T00:00:00Z", "", NAN, NAN, NAN, "final");

    /* the measures the facts came from */
    struct api_response *r = get_ok(key, "/v1/periods/2025-01/results?as_of=2025-06-01T00:00:00Z");
    json_t *ltv = result_of(r, "ltv");
    assert_number(ltv, "ltv", "measures/ltv_clients", 3);
    assert_number(ltv, "ltv", "measures/ltv_revenue", 5100);
    assert_number(result_of(r, "repeat"), "repeat", "measures/repeat_clients", 2);
    assert_text(result_of(r, "repeat"), "repeat", "status", "no_target");
    api_response_free(r);
    /* February has nobody to divide by: no data */
    r = get_ok(key, "/v1/periods/2025-02/results?as_of=2025-06-01T00:00:00Z");
    assert_text(result_of(r, "ltv"), "February ltv", "status", "no_data");
    api_response_free(r);
    free(key);
}
END_TEST

/* GET /v1/metrics lists the three with their units and directions. */
START_TEST(lifetime_metrics_in_the_catalogue)
{
    static const char *const expected[][3] = {{"ltv", "money", "higher_is_better"},
                                              {"repeat_rate", "percent", "higher_is_better"},
                                              {"romi_ltv", "percent", "higher_is_better"}};
    struct api_response *r = get_ok(api_admin_key(), "/v1/metrics");
    for (size_t e = 0; e < 3; e++) {
        size_t i;
        json_t *item;
        bool found = false;
        json_array_foreach(api_json_at(r, "/items"), i, item)
        {
            if (strcmp(json_string_value(json_object_get(item, "id")), expected[e][0]) != 0)
                continue;
            assert_text(item, expected[e][0], "unit", expected[e][1]);
            assert_text(item, expected[e][0], "direction", expected[e][2]);
            found = true;
        }
        ck_assert_msg(found, "no %s in /v1/metrics", expected[e][0]);
    }
    api_response_free(r);
}
END_TEST

Suite *api_lifetime_suite(void)
{
    Suite *s = suite_create("api_lifetime");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ltv_and_repeat_rate_before_and_after_maturity);
    tcase_add_test(tc, lifetime_metrics_in_the_catalogue);
    suite_add_tcase(s, tc);
    return s;
}
