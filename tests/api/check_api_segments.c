/* API tests of campaign and UTM segmentation: the campaign= and utm_source= filters of
 * results, funnel and channels, and channels grouped by campaign and by utm_source. Expected
 * values are worked out below. */
#include "client.h"
#include "ingest_util.h"
#include "results_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Workspace time zone UTC, March 2025, event attribution:
 *
 *   lead  channel campaign utm_source valid  deal (won, March)  amount margin
 *   L1    seo     spring   google     yes    D1                   1000    400
 *   L2    seo     spring   yandex     yes    -
 *   L3    ads     autumn   yandex     yes    D2                   3000   1000
 *   L4    ads     -        -          yes    D3                    500    100
 *   L5    ads     spring   google     no     -
 *
 * Spend: seo/spring 600, seo (no campaign) 400, ads/autumn 1500, ads (no campaign) 500.
 *
 * campaign=spring: leads L1, L2, L5 = 3, valid 2, D1: revenue 1000, margin 400, 1 new client;
 *   spend 600: cpl 300, cac 600, roas 100 * 1000 / 600, romi 100 * (400 - 600) / 600.
 * campaign=autumn: L3: leads 1, valid 1, D2 3000 (margin 1000); spend 1500: cpl 1500, cac
 *   1500, roas 200, romi 100 * (1000 - 1500) / 1500.
 * campaign=spring and channel=seo: L1, L2; spend 600: cpl 300.
 * utm_source=yandex: L2, L3: leads 2, valid 2, D2 3000; spend has no utm_source: null, so
 *   cpl null.
 * utm_source=google: L1, L5: leads 2, valid 1, D1 1000.
 * L4 and the spend without a campaign are in no campaign row; L4 in no utm_source row.
 */
static char *segment_dataset(const char *workspace)
{
    char *key = api_new_workspace_key(workspace, "admin");
    static const struct {
        const char *id, *channel, *rest;
    } leads[] = {
        {"L1", "seo", "\"campaign\":\"spring\",\"utm_source\":\"google\""},
        {"L2", "seo", "\"campaign\":\"spring\",\"utm_source\":\"yandex\""},
        {"L3", "ads", "\"campaign\":\"autumn\",\"utm_source\":\"yandex\""},
        {"L4", "ads", "\"region\":\"any\""},
        {"L5", "ads",
         "\"campaign\":\"spring\",\"utm_source\":\"google\",\"is_valid\":false,"
         "\"invalid_reason\":\"spam\""},
    };
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
        char body[512];
        snprintf(body, sizeof body,
                 "{\"source\":\"crm\",\"external_id\":\"%s\",\"channel\":\"%s\","
                 "\"created_at\":\"2025-03-0%zuT10:00:00Z\",\"contact\":{\"email\":"
                 "\"%s@example.com\"},%s}",
                 leads[i].id, leads[i].channel, i + 1, leads[i].id, leads[i].rest);
        post_ok(key, "/v1/leads", body);
    }
    static const struct {
        const char *id, *lead;
        int amount, margin, day;
    } deals[] = {
        {"D1", "L1", 1000, 400, 10}, {"D2", "L3", 3000, 1000, 12}, {"D3", "L4", 500, 100, 15}};
    for (size_t i = 0; i < sizeof deals / sizeof deals[0]; i++) {
        char body[512];
        snprintf(body, sizeof body,
                 "{\"source\":\"crm\",\"external_id\":\"%s\",\"lead_external_id\":\"%s\","
                 "\"client_ref\":\"client-%s\",\"amount\":%d,\"gross_margin\":%d,"
                 "\"status\":\"won\",\"closed_at\":\"2025-03-%02dT10:00:00Z\"}",
                 deals[i].id, deals[i].lead, deals[i].id, deals[i].amount, deals[i].margin,
                 deals[i].day);
        post_ok(key, "/v1/deals", body);
    }
    post_ok(key, "/v1/spend",
            "{\"channel\":\"seo\",\"campaign\":\"spring\",\"date\":\"2025-03-01\",\"amount\":600}");
    post_ok(key, "/v1/spend", "{\"channel\":\"seo\",\"date\":\"2025-03-01\",\"amount\":400}");
    post_ok(key, "/v1/spend",
            "{\"channel\":\"ads\",\"campaign\":\"autumn\",\"date\":\"2025-03-02\","
            "\"amount\":1500}");
    post_ok(key, "/v1/spend", "{\"channel\":\"ads\",\"date\":\"2025-03-02\",\"amount\":500}");
    const char *kpis[] = {"leads", "cpl", "revenue"};
    for (size_t i = 0; i < 3; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"code\":\"%s\",\"name\":\"%s\",\"owner\":\"marketing\",\"metric\":\"%s\","
                 "\"granularity\":\"month\"}",
                 kpis[i], kpis[i], kpis[i]);
        post_ok(key, "/v1/kpis", body);
    }
    return key;
}

#define AS_OF "as_of=2025-06-01T00:00:00Z"

/* The three KPIs of March with the query `filters`. */
static void assert_results(const char *key, const char *filters, double leads, double cpl,
                           double revenue)
{
    struct api_response *r = get_ok(key, "/v1/periods/2025-03/results?" AS_OF "&%s", filters);
    assert_number(result_of(r, "leads"), filters, "fact", leads);
    assert_number(result_of(r, "cpl"), filters, "fact", cpl);
    assert_number(result_of(r, "revenue"), filters, "fact", revenue);
    api_response_free(r);
}

START_TEST(results_and_funnel_by_campaign_and_utm_source)
{
    char *key = segment_dataset("segments-filters");
    assert_results(key, "campaign=spring", 3, 300, 1000);
    assert_results(key, "campaign=autumn", 1, 1500, 3000);
    assert_results(key, "campaign=spring&channel=seo", 2, 300, 1000);
    assert_results(key, "utm_source=yandex", 2, NAN, 3000);
    assert_results(key, "utm_source=google", 2, NAN, 1000);
    assert_results(key, "campaign=nothing", 0, NAN, 0);
    /* the whole month: 5 leads, 4 valid, spend 3000: cpl 750; revenue 4500 */
    assert_results(key, "scope=marketing", 5, 750, 4500);

    /* funnel, campaign=spring: leads 3, valid 2, clients 1 (L1) */
    struct api_response *r = get_ok(key, "/v1/periods/2025-03/funnel?" AS_OF "&campaign=spring");
    assert_number(api_json_at(r, "/steps/0"), "leads", "count", 3);
    assert_number(api_json_at(r, "/steps/1"), "valid", "count", 2);
    assert_number(api_json_at(r, "/steps/5"), "clients", "count", 1);
    assert_number(api_json_at(r, ""), "funnel", "lead_to_client", 50);
    api_response_free(r);
    /* funnel, utm_source=google: L1 and L5, valid 1, client 1 */
    r = get_ok(key, "/v1/periods/2025-03/funnel?" AS_OF "&utm_source=google");
    assert_number(api_json_at(r, "/steps/0"), "leads", "count", 2);
    assert_number(api_json_at(r, "/steps/1"), "valid", "count", 1);
    assert_number(api_json_at(r, "/steps/5"), "clients", "count", 1);
    api_response_free(r);

    /* a deal follows its lead's campaign: L4 joins autumn, so D3 (500) counts there */
    char *id = api_sql_value("SELECT l.id::text FROM leads l JOIN workspaces w ON w.id = "
                             "l.workspace_id WHERE w.name = $1 AND l.external_id = 'L4'",
                             "segments-filters");
    r = api_sendf("PATCH", ingest_path("/v1/leads", id), key, "{\"campaign\":\"autumn\"}");
    api_assert_status(r, 200);
    api_response_free(r);
    free(id);
    assert_results(key, "campaign=autumn", 2, 750, 3500); /* spend 1500 over L3, L4 */

    r = api_get("/v1/periods/2025-03/results?campaign=", key);
    api_assert_problem(r, 422);
    assert_field_error(r, "/campaign");
    api_response_free(r);
    r = api_get("/v1/periods/2025-03/funnel?utm_source=", key);
    api_assert_problem(r, 422);
    assert_field_error(r, "/utm_source");
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(channels_grouped_by_campaign_and_utm_source)
{
    char *key = segment_dataset("segments-channels");
    /* by campaign: autumn then spring; L4 and the spend without a campaign in neither */
    struct api_response *r = get_ok(key, "/v1/periods/2025-03/channels?" AS_OF "&by=campaign");
    assert_text(api_json_at(r, ""), "channels", "by", "campaign");
    ck_assert_int_eq(json_array_size(api_json_at(r, "/channels")), 2);
    json_t *autumn = api_json_at(r, "/channels/0"), *spring = api_json_at(r, "/channels/1");
    assert_text(autumn, "autumn", "campaign", "autumn");
    assert_number(autumn, "autumn", "leads", 1);
    assert_number(autumn, "autumn", "spend", 1500);
    assert_number(autumn, "autumn", "revenue", 3000);
    assert_number(autumn, "autumn", "cpl", 1500);
    assert_number(autumn, "autumn", "cac", 1500);
    assert_number(autumn, "autumn", "roas", 200);
    assert_number(autumn, "autumn", "romi", 100.0 * (1000 - 1500) / 1500);
    assert_text(spring, "spring", "campaign", "spring");
    assert_number(spring, "spring", "leads", 3);
    assert_number(spring, "spring", "valid_leads", 2);
    assert_number(spring, "spring", "spend", 600);
    assert_number(spring, "spring", "cpl", 300);
    assert_number(spring, "spring", "cac", 600);
    assert_number(spring, "spring", "roas", 100.0 * 1000 / 600);
    assert_number(spring, "spring", "romi", 100.0 * (400 - 600) / 600);
    ck_assert_ptr_null(json_object_get(spring, "channel"));
    api_response_free(r);

    /* by utm_source: google (L1, L5; D1) and yandex (L2, L3; D2); spend null */
    r = get_ok(key, "/v1/periods/2025-03/channels?" AS_OF "&by=utm_source");
    ck_assert_int_eq(json_array_size(api_json_at(r, "/channels")), 2);
    json_t *google = api_json_at(r, "/channels/0"), *yandex = api_json_at(r, "/channels/1");
    assert_text(google, "google", "utm_source", "google");
    assert_number(google, "google", "leads", 2);
    assert_number(google, "google", "valid_leads", 1);
    assert_number(google, "google", "revenue", 1000);
    assert_number(google, "google", "spend", NAN);
    assert_number(google, "google", "cpl", NAN);
    assert_text(yandex, "yandex", "utm_source", "yandex");
    assert_number(yandex, "yandex", "leads", 2);
    assert_number(yandex, "yandex", "revenue", 3000);
    api_response_free(r);

    /* by channel (the default) within campaign spring: ads has L5 only (invalid), no spend;
     * seo has L1, L2, D1 and the 600 of seo/spring */
    r = get_ok(key, "/v1/periods/2025-03/channels?" AS_OF "&campaign=spring");
    assert_text(api_json_at(r, ""), "channels", "by", "channel");
    json_t *ads = api_json_at(r, "/channels/0"), *seo = api_json_at(r, "/channels/1");
    assert_text(ads, "ads", "channel", "ads");
    assert_number(ads, "ads", "leads", 1);
    assert_number(ads, "ads", "spend", 0);
    assert_number(ads, "ads", "cpl", NAN);
    assert_text(seo, "seo", "channel", "seo");
    assert_number(seo, "seo", "leads", 2);
    assert_number(seo, "seo", "spend", 600);
    assert_number(seo, "seo", "cpl", 300);
    api_response_free(r);
    /* campaigns of one channel: seo has spring only */
    r = get_ok(key, "/v1/periods/2025-03/channels?" AS_OF "&by=campaign&channel=seo");
    ck_assert_int_eq(json_array_size(api_json_at(r, "/channels")), 1);
    assert_text(api_json_at(r, "/channels/0"), "seo", "campaign", "spring");
    assert_number(api_json_at(r, "/channels/0"), "seo", "leads", 2);
    api_response_free(r);
    /* CSV: the key column is named after the grouping */
    r = get_ok(key, "/v1/periods/2025-03/channels?" AS_OF "&by=utm_source&format=csv");
    ck_assert_msg(strncmp(r->body, "utm_source,", 11) == 0, "%s", r->body);
    api_response_free(r);

    r = api_get("/v1/periods/2025-03/channels?by=region", key);
    api_assert_problem(r, 422);
    assert_field_error(r, "/by");
    api_response_free(r);
    free(key);
}
END_TEST

Suite *api_segments_suite(void)
{
    Suite *s = suite_create("api_segments");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, results_and_funnel_by_campaign_and_utm_source);
    tcase_add_test(tc, channels_grouped_by_campaign_and_utm_source);
    suite_add_tcase(s, tc);
    return s;
}
