/* API tests of the channel-record metrics (docs/kpi-semantics.md section 8) on a hand-built
 * dataset: every metric of ctr..audience_growth, two exports of one day merged, followers as
 * a level across a quarter, zero denominators, channel filters and campaign and UTM segments. */
#include "client.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The dataset (workspace time zone UTC), as_of 2025-06-01:
 *
 *   valid leads in January: ads 3 (and 1 invalid), site 2
 *
 *   date        channel campaign  what was posted
 *   2025-01-10  ads     -         ad platform: impressions 10000, clicks 200, spend 3000,
 *                                 conversions 10; then site analytics, separately: sessions
 *                                 150, bounces 90, free counter calls 30 (one record, both
 *                                 kept)
 *   2025-01-20  ads     brand     impressions 5000, clicks 100, spend 1500, conversions 5
 *   2025-01-15  site    -         sessions 850, bounces 310, calls 10, chats 4
 *   2025-01-12  email   -         sent 1100, delivered 1000, opened 250, clicks 40, unsubs 5
 *   2024-12-31  vk      -         followers 2000
 *   2025-01-05  vk      -         reach 1000, engagements 40
 *   2025-01-31  vk      -         followers 2300, reach 9000, engagements 420
 *   2025-02-15  vk      -         followers 2500
 *   2025-03-20  vk      -         followers 2450
 *   2025-01-15  tg      -         followers 500
 *   2025-03-31  tg      -         followers 700
 *
 * January sums: impressions 15000, clicks 300, spend 4500, conversions 15, sessions 150 + 850 =
 * 1000, bounces 90 + 310 = 400, delivered 1000, opened 250, email clicks 40, unsubscribes 5,
 * reach 10000, engagements 460; valid leads 5; free counters calls 40, chats 4.
 * Levels: 2024-12-31 vk 2000 (tg none yet) = 2000; 2025-01-31 vk 2300 + tg 500 = 2800;
 * 2025-03-31 vk 2450 (its last, 03-20) + tg 700 = 3150.
 */

static const char *const AS_OF = "2025-06-01T00:00:00Z";

static void post_ok(const char *key, const char *path, const char *json)
{
    struct api_response *r = api_post_json(path, key, json);
    ck_assert_msg(r->status == 200 || r->status == 201, "POST %s: %ld %s", path, r->status,
                  r->body);
    api_response_free(r);
}

static void add_kpi(const char *key, const char *code, const char *metric, const char *granularity)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"%s\",\"owner\":\"marketing\",\"metric\":\"%s\","
             "\"granularity\":\"%s\",\"attribution\":\"event\",\"lag_days\":0}",
             code, code, metric, granularity);
    post_ok(key, "/v1/kpis", body);
}

static void add_record(const char *key, const char *json)
{
    post_ok(key, "/v1/channel-stats", json);
}

static void add_leads(const char *key, const char *channel, int n, bool valid)
{
    for (int i = 0; i < n; i++) {
        char body[512];
        snprintf(body, sizeof body,
                 "{\"source\":\"crm\",\"external_id\":\"%s-%d-%d\",\"channel\":\"%s\","
                 "\"created_at\":\"2025-01-1%dT10:00:00Z\",\"is_valid\":%s,"
                 "\"contact\":{\"email\":\"%s%d%d@example.com\"}}",
                 channel, i, valid, channel, i, valid ? "true" : "false", channel, i, valid);
        post_ok(key, "/v1/leads", body);
    }
}

/* The catalogue metrics under test, each as a monthly KPI of the same code, and the quarterly
 * ones as <metric>_q. */
static const char *const MONTHLY[] = {
    "ctr",
    "cpc",
    "cpm",
    "cost_per_conversion",
    "click_to_lead_cr",
    "sessions",
    "bounce_rate",
    "site_cr",
    "open_rate",
    "email_ctr",
    "unsubscribe_rate",
    "reach",
    "engagement_per_1000",
    "audience_growth",
};

static char *dataset(const char *workspace)
{
    char *key = api_new_workspace_key(workspace, "admin");
    for (size_t i = 0; i < sizeof MONTHLY / sizeof MONTHLY[0]; i++)
        add_kpi(key, MONTHLY[i], MONTHLY[i], "month");
    add_kpi(key, "audience_growth_q", "audience_growth", "quarter");
    add_kpi(key, "engagement_per_1000_q", "engagement_per_1000", "quarter");
    add_kpi(key, "reach_q", "reach", "quarter");
    post_ok(key, "/v1/kpis",
            "{\"code\":\"cost_per_call\",\"name\":\"Cost per call\",\"owner\":\"marketing\","
            "\"formula\":\"spend / counter.calls\",\"unit\":\"money\","
            "\"direction\":\"lower_is_better\",\"granularity\":\"month\"}");
    post_ok(key, "/v1/kpis",
            "{\"code\":\"contacts\",\"name\":\"Calls and chats\",\"owner\":\"marketing\","
            "\"formula\":\"counter.calls + counter.chats\",\"unit\":\"count\","
            "\"direction\":\"higher_is_better\",\"granularity\":\"month\"}");
    add_leads(key, "ads", 3, true);
    add_leads(key, "ads", 1, false);
    add_leads(key, "site", 2, true);
    add_record(key, "{\"date\":\"2025-01-10\",\"channel\":\"ads\",\"impressions\":10000,"
                    "\"clicks\":200,\"spend\":3000,\"conversions\":10}");
    add_record(key, "{\"date\":\"2025-01-10\",\"channel\":\"ads\",\"sessions\":150,"
                    "\"bounces\":90,\"counters\":{\"calls\":30}}");
    add_record(key, "{\"date\":\"2025-01-20\",\"channel\":\"ads\",\"campaign\":\"brand\","
                    "\"impressions\":5000,\"clicks\":100,\"spend\":1500,\"conversions\":5}");
    add_record(key, "{\"date\":\"2025-01-15\",\"channel\":\"site\",\"sessions\":850,"
                    "\"bounces\":310,\"counters\":{\"calls\":10,\"chats\":4}}");
    add_record(key, "{\"date\":\"2025-01-12\",\"channel\":\"email\",\"emails_sent\":1100,"
                    "\"emails_delivered\":1000,\"emails_opened\":250,\"email_clicks\":40,"
                    "\"unsubscribes\":5}");
    add_record(key, "{\"date\":\"2024-12-31\",\"channel\":\"vk\",\"followers\":2000}");
    add_record(key, "{\"date\":\"2025-01-05\",\"channel\":\"vk\",\"reach\":1000,"
                    "\"engagements\":40}");
    add_record(key, "{\"date\":\"2025-01-31\",\"channel\":\"vk\",\"followers\":2300,"
                    "\"reach\":9000,\"engagements\":420}");
    add_record(key, "{\"date\":\"2025-02-15\",\"channel\":\"vk\",\"followers\":2500}");
    add_record(key, "{\"date\":\"2025-03-20\",\"channel\":\"vk\",\"followers\":2450}");
    add_record(key, "{\"date\":\"2025-01-15\",\"channel\":\"tg\",\"followers\":500}");
    add_record(key, "{\"date\":\"2025-03-31\",\"channel\":\"tg\",\"followers\":700}");
    return key;
}

static struct api_response *results(const char *key, const char *period, const char *channel)
{
    char path[256];
    snprintf(path, sizeof path, "/v1/periods/%s/results?as_of=%s%s%s", period, AS_OF,
             channel ? "&channel=" : "", channel ? channel : "");
    struct api_response *r = api_get(path, key);
    api_assert_status(r, 200);
    return r;
}

/* The result of KPI `code` in r. */
static json_t *result_of(const struct api_response *r, const char *code)
{
    size_t i;
    json_t *item;
    json_array_foreach(api_json_at(r, "/results"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "kpi")), code) == 0)
            return item;
    }
    ck_abort_msg("%s: no result for %s", r->path, code);
    return NULL;
}

/* Asserts the fact of KPI `code` in r (NAN: null). */
static void assert_fact(const struct api_response *r, const char *code, double expected)
{
    const json_t *item = result_of(r, code);
    const json_t *fact = json_object_get(item, "fact");
    if (isnan(expected)) {
        ck_assert_msg(json_is_null(fact), "%s %s: expected null", r->path, code);
        ck_assert_str_eq(json_string_value(json_object_get(item, "status")), "no_data");
        return;
    }
    ck_assert_msg(json_is_number(fact), "%s %s: not a number", r->path, code);
    double got = json_number_value(fact);
    ck_assert_msg(fabs(got - expected) <= 1e-9 * fmax(1.0, fabs(expected)),
                  "%s %s: %.17g, expected %.17g", r->path, code, got, expected);
}

START_TEST(every_channel_metric_for_a_month)
{
    char *key = dataset("chm-month");
    struct api_response *r = results(key, "2025-01", NULL);
    assert_fact(r, "ctr", 2);                   /* 100 * 300 / 15000 */
    assert_fact(r, "cpc", 15);                  /* 4500 / 300 */
    assert_fact(r, "cpm", 300);                 /* 1000 * 4500 / 15000 */
    assert_fact(r, "cost_per_conversion", 300); /* 4500 / 15 */
    assert_fact(r, "click_to_lead_cr", 100.0 * 5 / 300);
    assert_fact(r, "sessions", 1000);        /* 150 + 850 */
    assert_fact(r, "bounce_rate", 40);       /* 100 * 400 / 1000 */
    assert_fact(r, "site_cr", 0.5);          /* 100 * 5 / 1000 */
    assert_fact(r, "open_rate", 25);         /* 100 * 250 / 1000 */
    assert_fact(r, "email_ctr", 4);          /* 100 * 40 / 1000 */
    assert_fact(r, "unsubscribe_rate", 0.5); /* 100 * 5 / 1000 */
    assert_fact(r, "reach", 10000);          /* 1000 + 9000 */
    assert_fact(r, "engagement_per_1000", 1000.0 * 460 / 2800);
    assert_fact(r, "audience_growth", 800); /* 2800 - 2000 */
    assert_fact(r, "cost_per_call", 112.5); /* 4500 / (30 + 10) */
    assert_fact(r, "contacts", 44);         /* 40 + 4 */
    /* the result shows the free counter it read, named as in the formula */
    const json_t *measures = json_object_get(result_of(r, "cost_per_call"), "measures");
    ck_assert_int_eq(json_integer_value(json_object_get(measures, "counter.calls")), 40);
    ck_assert_int_eq(json_integer_value(json_object_get(measures, "spend")), 4500);
    api_response_free(r);

    /* the merged record holds both exports */
    r = api_get("/v1/channel-stats?channel=ads&campaign=&from=2025-01-10&to=2025-01-10", key);
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 1);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/0/impressions")), 10000);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/0/sessions")), 150);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/0/spend")), 3000);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(zero_denominators_are_null)
{
    char *key = dataset("chm-zero");
    /* February: no impressions, clicks, sessions, deliveries or conversions: every ratio null;
     * sums 0; vk's level 2500 (02-15), tg's 500 (kept from 01-15) = 3000, engagements 0 -> 0;
     * growth 3000 - 2800 = 200 */
    struct api_response *r = results(key, "2025-02", NULL);
    const char *nulls[] = {
        "ctr",         "cpc",     "cpm",       "cost_per_conversion", "click_to_lead_cr",
        "bounce_rate", "site_cr", "open_rate", "email_ctr",           "unsubscribe_rate"};
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        assert_fact(r, nulls[i], NAN);
    assert_fact(r, "sessions", 0);
    assert_fact(r, "reach", 0);
    assert_fact(r, "engagement_per_1000", 0);
    assert_fact(r, "audience_growth", 200);
    api_response_free(r);
    /* December 2024: no level at its end's previous period (2024-11-30) -> growth null; at its
     * end vk 2000, no engagements -> 0 */
    r = results(key, "2024-12", NULL);
    assert_fact(r, "audience_growth", NAN);
    assert_fact(r, "engagement_per_1000", 0);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(followers_are_a_level_across_a_quarter)
{
    char *key = dataset("chm-quarter");
    /* 2025-Q1 ends 03-31: vk 2450 + tg 700 = 3150; the previous quarter ends 2024-12-31: vk
     * 2000. growth 1150, not a sum of the reported values (2300 + 2500 + 2450 + 500 + 700);
     * engagements per 1000 = 1000 * 460 / 3150; reach 10000 */
    struct api_response *r = results(key, "2025-Q1", NULL);
    assert_fact(r, "audience_growth_q", 1150);
    assert_fact(r, "engagement_per_1000_q", 1000.0 * 460 / 3150);
    assert_fact(r, "reach_q", 10000);
    api_response_free(r);
    /* a level is as of as_of: on 2025-03-25 tg's 03-31 value is not there yet: 2450 + 500 */
    r = api_get("/v1/periods/2025-Q1/results?as_of=2025-03-25T00:00:00Z", key);
    api_assert_status(r, 200);
    assert_fact(r, "audience_growth_q", 2950 - 2000);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(channel_filter)
{
    char *key = dataset("chm-filter");
    /* ads: 3 valid leads, clicks 300, sessions 150, bounces 90 */
    struct api_response *r = results(key, "2025-01", "ads");
    assert_fact(r, "click_to_lead_cr", 1); /* 100 * 3 / 300 */
    assert_fact(r, "bounce_rate", 60);     /* 100 * 90 / 150 */
    assert_fact(r, "site_cr", 2);          /* 100 * 3 / 150 */
    assert_fact(r, "ctr", 2);
    assert_fact(r, "open_rate", NAN); /* no e-mail records on ads */
    assert_fact(r, "audience_growth", NAN);
    assert_fact(r, "cost_per_call", 150); /* 4500 / 30 */
    assert_fact(r, "contacts", 30);       /* no chats on ads: 0 */
    api_response_free(r);
    /* site: 2 valid leads, sessions 850, no clicks */
    r = results(key, "2025-01", "site");
    assert_fact(r, "site_cr", 100.0 * 2 / 850);
    assert_fact(r, "bounce_rate", 100.0 * 310 / 850);
    assert_fact(r, "click_to_lead_cr", NAN);
    assert_fact(r, "cost_per_call", 0); /* no spend on site: 0 / 10 */
    api_response_free(r);
    /* the channels view lists the channels with leads, deals or spend: records of counters
     * only (email, vk, tg) add no row */
    char path[128];
    snprintf(path, sizeof path, "/v1/periods/2025-01/channels?as_of=%s", AS_OF);
    r = api_get(path, key);
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/channels")), 2);
    ck_assert_pstr_eq(api_json_string(r, "/channels/0/channel"), "ads");
    ck_assert_pstr_eq(api_json_string(r, "/channels/1/channel"), "site");
    api_response_free(r);
    /* vk alone: 2300 - 2000 = 300; 1000 * 460 / 2300 = 200 */
    r = results(key, "2025-01", "vk");
    assert_fact(r, "audience_growth", 300);
    assert_fact(r, "engagement_per_1000", 200);
    api_response_free(r);
    free(key);
}
END_TEST

/* Results of one month narrowed by a query (campaign=..., utm_source=...). */
static struct api_response *results_where(const char *key, const char *query)
{
    char path[256];
    snprintf(path, sizeof path, "/v1/periods/2025-01/results?as_of=%s&%s", AS_OF, query);
    struct api_response *r = api_get(path, key);
    api_assert_status(r, 200);
    return r;
}

START_TEST(campaign_and_utm_segments)
{
    char *key = dataset("chm-segments");
    /* campaign brand: only the 2025-01-20 ads record, impressions 5000, clicks 100, spend
     * 1500, conversions 5; no lead names a campaign, no record of brand has sessions or calls */
    struct api_response *r = results_where(key, "campaign=brand");
    assert_fact(r, "ctr", 2);                   /* 100 * 100 / 5000 */
    assert_fact(r, "cpc", 15);                  /* 1500 / 100 */
    assert_fact(r, "cpm", 300);                 /* 1000 * 1500 / 5000 */
    assert_fact(r, "cost_per_conversion", 300); /* 1500 / 5 */
    assert_fact(r, "click_to_lead_cr", 0);      /* 100 * 0 / 100 */
    assert_fact(r, "sessions", 0);
    assert_fact(r, "bounce_rate", NAN);   /* 0 / 0 */
    assert_fact(r, "cost_per_call", NAN); /* 1500 / 0 */
    api_response_free(r);
    /* a utm_source segment: channel records carry no UTM source, so their spend and counters
     * are null rather than numbers that belong to other leads */
    r = results_where(key, "utm_source=google");
    assert_fact(r, "ctr", NAN);
    assert_fact(r, "cpc", NAN);
    assert_fact(r, "sessions", NAN);
    assert_fact(r, "open_rate", NAN);
    api_response_free(r);
    free(key);
}
END_TEST

Suite *api_channel_metrics_suite(void)
{
    Suite *s = suite_create("api_channel_metrics");
    TCase *tc = tcase_create("channel_metrics");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_channel_metric_for_a_month);
    tcase_add_test(tc, zero_denominators_are_null);
    tcase_add_test(tc, followers_are_a_level_across_a_quarter);
    tcase_add_test(tc, campaign_and_utm_segments);
    tcase_add_test(tc, channel_filter);
    suite_add_tcase(s, tc);
    return s;
}
