/* API tests of people, pay plans and payout statements: the seed's worked example as a
 * person's statement, the 80/20 -> 70/30 -> 50/50 split by tenure, a mid-month hire, a pilot,
 * a quarterly scorecard, frozen statements with their restatement, closing refused while a
 * payout is provisional, and the people and pay plan rules. */
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

static void assert_near(const json_t *v, double expected, const char *what)
{
    ck_assert_msg(json_is_number(v), "%s: not a number", what);
    ck_assert_msg(fabs(json_number_value(v) - expected) < 0.005, "%s: %.17g, expected %.2f", what,
                  json_number_value(v), expected);
}

/* Manual monthly KPIs new_clients (plan 200), repeat (plan 50) and reviews (plan 100) as
 * default targets, and scorecard `director` weighting them 0.5 / 0.25 / 0.25. */
static char *seed_workspace(const char *workspace)
{
    static const char *const kpis[][2] = {
        {"new_clients", "200"}, {"repeat", "50"}, {"reviews", "100"}};
    char *key = api_new_workspace_key(workspace, "admin");
    for (int i = 0; i < 3; i++) {
        char body[400];
        snprintf(body, sizeof body,
                 "{\"code\":\"%s\",\"name\":\"%s\",\"owner\":\"marketing\",\"manual\":true,"
                 "\"unit\":\"count\",\"direction\":\"higher_is_better\",\"granularity\":"
                 "\"month\",\"target\":{\"plan\":%s}}",
                 kpis[i][0], kpis[i][0], kpis[i][1]);
        send_ok("POST", key, "/v1/kpis", body);
    }
    send_ok("POST", key, "/v1/scorecards",
            "{\"code\":\"director\",\"name\":\"Marketing director\",\"granularity\":\"month\","
            "\"fixed_pay\":0,\"bonus_base\":0,\"items\":["
            "{\"kpi\":\"new_clients\",\"weight\":0.5},{\"kpi\":\"repeat\",\"weight\":0.25},"
            "{\"kpi\":\"reviews\",\"weight\":0.25}]}");
    return key;
}

/* The seed's facts in `month`: 180 new clients, 60 repeat purchases, 90 reviews, so the
 * indexes are 0.5 x 0.9 = 0.45, 0.25 x 1.2 = 0.30, 0.25 x 0.9 = 0.225 and the total 0.975. */
static void seed_facts(const char *key, const char *month)
{
    static const char *const facts[][2] = {
        {"new_clients", "180"}, {"repeat", "60"}, {"reviews", "90"}};
    char path[128], body[64];
    snprintf(path, sizeof path, "/v1/periods/%s", month);
    send_ok("PUT", key, path, "{}");
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "/v1/periods/%s/facts/%s", month, facts[i][0]);
        snprintf(body, sizeof body, "{\"value\":%s}", facts[i][1]);
        send_ok("PUT", key, path, body);
    }
}

static void add_person(const char *key, const char *code, const char *hired_on, const char *plan)
{
    char body[512], path[128];
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"%s\",\"department\":\"marketing\",\"hired_on\":\"%s\"}",
             code, code, hired_on);
    send_ok("POST", key, "/v1/people", body);
    snprintf(path, sizeof path, "/v1/people/%s/pay-plan", code);
    send_ok("PUT", key, path, plan);
}

#define SEED_PLAN                                                                                  \
    "{\"effective_from\":\"2024-01\",\"scorecard\":\"director\",\"fixed_pay\":150000,"             \
    "\"bonus_base\":65000}"
#define SPLIT_PLAN                                                                                 \
    "{\"effective_from\":\"2024-01\",\"scorecard\":\"director\",\"total_pay\":215000,"             \
    "\"split_schedule\":[{\"from_month\":1,\"fixed_share\":0.8},{\"from_month\":4,"                \
    "\"fixed_share\":0.7},{\"from_month\":7,\"fixed_share\":0.5}]}"

/* The statement of `person` in a payouts response, or NULL. */
static json_t *statement_of(const struct api_response *r, const char *person)
{
    size_t i;
    json_t *s;
    json_array_foreach(api_json_at(r, "/payouts"), i, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "person")), person) == 0)
            return s;
    }
    return NULL;
}

#define NEAR(obj, member, expected)                                                                \
    assert_near(json_object_get((obj), (member)), (expected), member)

/* Seed: fixed 150,000 + 65,000 x 0.975 (63,375) = 213,375.00; item bonuses 65,000 x index:
 * 29,250, 19,500, 14,625. */
START_TEST(seed_example_as_a_statement)
{
    char *key = seed_workspace("pay-seed");
    seed_facts(key, "2025-03");
    add_person(key, "director", "2023-06-01", SEED_PLAN);
    struct api_response *r = api_get("/v1/periods/2025-03/payouts", key);
    api_assert_status(r, 200);
    json_t *s = statement_of(r, "director");
    ck_assert_msg(s != NULL, "%s", r->body);
    NEAR(s, "total", 0.975);
    NEAR(s, "fixed_pay", 150000.00);
    NEAR(s, "bonus_base", 65000.00);
    NEAR(s, "bonus", 63375.00);
    NEAR(s, "payout", 213375.00);
    ck_assert_int_eq(json_integer_value(json_object_get(s, "plan_version")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(s, "maturity")), "final");
    ck_assert(json_is_false(json_object_get(s, "pilot")));
    const double bonus[] = {29250, 19500, 14625}, weight[] = {0.5, 0.25, 0.25};
    json_t *items = json_object_get(s, "items");
    ck_assert_int_eq(json_array_size(items), 3);
    for (size_t i = 0; i < 3; i++) {
        NEAR(json_array_get(items, i), "item_bonus", bonus[i]);
        NEAR(json_array_get(items, i), "weight", weight[i]);
    }
    api_response_free(r);
    /* CSV: one row per person for payroll */
    r = api_get("/v1/periods/2025-03/payouts?format=csv", key);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "text/csv"));
    ck_assert_msg(strncmp(r->body, "person,", 7) == 0, "%s", r->body);
    ck_assert_msg(strstr(r->body, ",213375,") != NULL, "%s", r->body);
    ck_assert_msg(strchr(strchr(r->body, '\n') + 1, '\n') == strrchr(r->body, '\n'), "%s", r->body);
    api_response_free(r);
    free(key);
}
END_TEST

/* Hired 2025-01-01 on total_pay 215,000, total 0.975 every month:
 * months 1-3 80/20: 172,000 + 43,000 x 0.975 (41,925.00) = 213,925.00;
 * months 4-6 70/30: 150,500 + 64,500 x 0.975 (62,887.50) = 213,387.50;
 * month 7 on 50/50: 107,500 + 107,500 x 0.975 (104,812.50) = 212,312.50. */
START_TEST(split_schedule_by_tenure)
{
    char *key = seed_workspace("pay-split");
    static const char *const months[] = {"2025-01", "2025-02", "2025-03", "2025-04",
                                         "2025-05", "2025-06", "2025-07"};
    for (int i = 0; i < 7; i++)
        seed_facts(key, months[i]);
    add_person(key, "newhire", "2025-01-01", SPLIT_PLAN);
    struct api_response *r = api_get("/v1/people/newhire/payouts?from=2025-01&to=2025-07", key);
    api_assert_status(r, 200);
    json_t *payouts = api_json_at(r, "/payouts");
    ck_assert_int_eq(json_array_size(payouts), 7);
    static const struct {
        int at, tenure;
        double share, fixed, bonus_base, bonus, payout;
    } want[] = {
        {0, 1, 0.8, 172000, 43000, 41925, 213925.00},
        {2, 3, 0.8, 172000, 43000, 41925, 213925.00},
        {3, 4, 0.7, 150500, 64500, 62887.50, 213387.50},
        {5, 6, 0.7, 150500, 64500, 62887.50, 213387.50},
        {6, 7, 0.5, 107500, 107500, 104812.50, 212312.50},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        json_t *s = json_array_get(payouts, (size_t)want[i].at);
        ck_assert_str_eq(json_string_value(json_object_get(s, "period")), months[want[i].at]);
        ck_assert_int_eq(json_integer_value(json_object_get(s, "tenure_month")), want[i].tenure);
        NEAR(s, "fixed_share", want[i].share);
        NEAR(s, "fixed_pay", want[i].fixed);
        NEAR(s, "bonus_base", want[i].bonus_base);
        NEAR(s, "bonus", want[i].bonus);
        NEAR(s, "payout", want[i].payout);
    }
    api_response_free(r);
    free(key);
}
END_TEST

/* Hired 2025-03-16: 16 of March's 31 days, 150,000 x 16 / 31 = 77,419.35; the bonus base is
 * whole: 63,375.00; payout 140,794.35. With prorate false the whole 150,000. */
START_TEST(mid_month_hire_is_prorated)
{
    char *key = seed_workspace("pay-prorate");
    seed_facts(key, "2025-03");
    add_person(key, "late", "2025-03-16", SEED_PLAN);
    add_person(key, "whole", "2025-03-16",
               "{\"effective_from\":\"2025-03\",\"scorecard\":\"director\",\"fixed_pay\":150000,"
               "\"bonus_base\":65000,\"prorate\":false}");
    struct api_response *r = api_get("/v1/periods/2025-03/payouts", key);
    api_assert_status(r, 200);
    json_t *s = statement_of(r, "late");
    NEAR(s, "fixed_pay", 77419.35);
    NEAR(s, "bonus", 63375.00);
    NEAR(s, "payout", 140794.35);
    json_t *m = json_array_get(json_object_get(s, "months"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(m, "employed_days")), 16);
    ck_assert_int_eq(json_integer_value(json_object_get(m, "days_in_month")), 31);
    NEAR(statement_of(r, "whole"), "payout", 213375.00);
    /* February: not employed yet, no statement */
    api_response_free(r);
    r = api_get("/v1/periods/2025-02/payouts", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/payouts")), 0);
    api_response_free(r);
    free(key);
}
END_TEST

/* A pilot version scores (would-be bonus 63,375.00) but pays fixed pay only: 150,000.00. A
 * later version ends the pilot: April pays the bonus again. */
START_TEST(pilot_month_pays_no_bonus)
{
    char *key = seed_workspace("pay-pilot");
    seed_facts(key, "2025-03");
    seed_facts(key, "2025-04");
    add_person(key, "pilot", "2024-01-01",
               "{\"effective_from\":\"2025-01\",\"scorecard\":\"director\","
               "\"fixed_pay\":150000,\"bonus_base\":65000,\"pilot\":true}");
    send_ok("PUT", key, "/v1/people/pilot/pay-plan",
            "{\"effective_from\":\"2025-04\","
            "\"scorecard\":\"director\",\"fixed_pay\":150000,\"bonus_base\":65000}");
    struct api_response *r = api_get("/v1/people/pilot/payouts?from=2025-03&to=2025-04", key);
    api_assert_status(r, 200);
    json_t *march = json_array_get(api_json_at(r, "/payouts"), 0);
    json_t *april = json_array_get(api_json_at(r, "/payouts"), 1);
    ck_assert(json_is_true(json_object_get(march, "pilot")));
    ck_assert(json_is_string(json_object_get(march, "pilot_reason")));
    NEAR(march, "would_be_bonus", 63375.00);
    NEAR(march, "bonus", 0);
    NEAR(march, "payout", 150000.00);
    ck_assert(json_is_false(json_object_get(april, "pilot")));
    ck_assert_int_eq(json_integer_value(json_object_get(april, "plan_version")), 2);
    NEAR(april, "payout", 213375.00);
    api_response_free(r);
    r = api_get("/v1/people/pilot/pay-plan", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 2);
    api_response_free(r);
    free(key);
}
END_TEST

/* The whole workspace runs March as a pilot: the would-be bonus shows, none is paid, and the
 * reason is given; ending the pilot pays 213,375.00 again. */
START_TEST(pilot_period_pays_no_bonus)
{
    char *key = seed_workspace("pay-pilot-period");
    seed_facts(key, "2025-03");
    add_person(key, "director", "2023-06-01", SEED_PLAN);
    struct api_response *r = api_request("PUT", "/v1/periods/2025-03/pilot", key,
                                         "application/json", "{\"reason\":\"first KPI month\"}");
    api_assert_status(r, 200);
    ck_assert(json_is_true(api_json_at(r, "/pilot")));
    api_response_free(r);
    r = api_get("/v1/periods/2025-03/payouts", key);
    json_t *s = statement_of(r, "director");
    ck_assert(json_is_true(json_object_get(s, "pilot")));
    ck_assert_msg(strstr(json_string_value(json_object_get(s, "pilot_reason")), "first KPI month"),
                  "%s", r->body);
    NEAR(s, "would_be_bonus", 63375.00);
    NEAR(s, "bonus", 0);
    NEAR(s, "payout", 150000.00);
    api_response_free(r);
    r = api_delete("/v1/periods/2025-03/pilot", key);
    api_assert_status(r, 204);
    api_response_free(r);
    r = api_get("/v1/periods/2025-03/payouts", key);
    NEAR(statement_of(r, "director"), "payout", 213375.00);
    api_response_free(r);
    r = api_delete("/v1/periods/2025-03/pilot", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_request("PUT", "/v1/periods/2030-01/pilot", key, NULL, NULL);
    api_assert_problem(r, 409);
    api_response_free(r);
    free(key);
}
END_TEST

/* Quarterly scorecard, fact = plan (total 1.0); hired 2024-12-01 on 215,000 split, 2025-Q1 is
 * tenure months 2, 3, 4: fixed 172,000 + 172,000 + 150,500 = 494,500, bonus base 43,000 +
 * 43,000 + 64,500 = 150,500, payout 645,000.00, once for the quarter and in no month. */
START_TEST(quarterly_scorecard_pays_per_quarter)
{
    char *key = api_new_workspace_key("pay-quarter", "admin");
    send_ok("POST", key, "/v1/kpis",
            "{\"code\":\"share\",\"name\":\"Market share\",\"owner\":\"marketing\","
            "\"manual\":true,\"unit\":\"percent\",\"direction\":\"higher_is_better\","
            "\"granularity\":\"quarter\",\"target\":{\"plan\":10}}");
    send_ok("PUT", key, "/v1/periods/2025-Q1", "{}");
    send_ok("PUT", key, "/v1/periods/2025-Q1/facts/share", "{\"value\":10}");
    send_ok("POST", key, "/v1/scorecards",
            "{\"code\":\"qdir\",\"name\":\"Quarterly\",\"granularity\":\"quarter\","
            "\"items\":[{\"kpi\":\"share\",\"weight\":1}]}");
    add_person(key, "q", "2024-12-01",
               "{\"effective_from\":\"2024-12\",\"scorecard\":\"qdir\",\"total_pay\":215000,"
               "\"split_schedule\":[{\"from_month\":1,\"fixed_share\":0.8},{\"from_month\":4,"
               "\"fixed_share\":0.7},{\"from_month\":7,\"fixed_share\":0.5}]}");
    struct api_response *r = api_get("/v1/periods/2025-Q1/payouts", key);
    api_assert_status(r, 200);
    json_t *s = statement_of(r, "q");
    NEAR(s, "fixed_pay", 494500.00);
    NEAR(s, "bonus_base", 150500.00);
    NEAR(s, "payout", 645000.00);
    ck_assert_int_eq(json_array_size(json_object_get(s, "months")), 3);
    api_response_free(r);
    r = api_get("/v1/periods/2025-02/payouts", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/payouts")), 0);
    api_response_free(r);
    free(key);
}
END_TEST

static void add_lead(const char *key, const char *id, const char *created_at)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"source\":\"web\",\"external_id\":\"%s\",\"channel\":\"seo\","
             "\"created_at\":\"%s\",\"contact\":{\"phone\":\"+7900%07d\"}}",
             id, created_at, atoi(id + 1));
    struct api_response *r = api_post_json("/v1/leads", key, body);
    ck_assert_msg(r->status == 201, "%s", r->body);
    api_response_free(r);
}

/* Leads KPI, plan 2; one February lead: attainment 0.5, bonus 1,000 x 0.5 = 500, payout
 * 1,500. Closed, then a second February lead: the statement stays 1,500; live it is 2,000 and
 * the restatement shows /bonus 500 -> 1000. */
START_TEST(closed_statements_do_not_change)
{
    char *key = api_new_workspace_key("pay-close", "admin");
    send_ok("POST", key, "/v1/kpis",
            "{\"code\":\"leads\",\"name\":\"Leads\",\"owner\":\"marketing\",\"metric\":\"leads\","
            "\"granularity\":\"month\",\"target\":{\"plan\":2}}");
    send_ok("POST", key, "/v1/scorecards",
            "{\"code\":\"mkt\",\"name\":\"Marketer\",\"granularity\":\"month\","
            "\"items\":[{\"kpi\":\"leads\",\"weight\":1}]}");
    add_person(key, "ann", "2024-01-01",
               "{\"effective_from\":\"2024-01\",\"scorecard\":\"mkt\",\"fixed_pay\":1000,"
               "\"bonus_base\":1000}");
    add_lead(key, "L1", "2025-02-10T10:00:00Z");
    struct api_response *r = api_post_json("/v1/periods/2025-02/close", key, "{}");
    api_assert_status(r, 200);
    api_response_free(r);
    add_lead(key, "L2", "2025-02-11T10:00:00Z");
    r = api_get("/v1/periods/2025-02/payouts", key);
    api_assert_status(r, 200);
    ck_assert(json_is_true(api_json_at(r, "/closed")));
    NEAR(statement_of(r, "ann"), "payout", 1500.00);
    api_response_free(r);
    r = api_get("/v1/periods/2025-02/payouts?live=true", key);
    api_assert_status(r, 200);
    NEAR(statement_of(r, "ann"), "payout", 2000.00);
    bool found = false;
    size_t i;
    json_t *d;
    json_array_foreach(api_json_at(r, "/restatement"), i, d)
    {
        if (strcmp(json_string_value(json_object_get(d, "field")), "/bonus") == 0) {
            ck_assert_str_eq(json_string_value(json_object_get(d, "person")), "ann");
            assert_near(json_object_get(d, "snapshot"), 500, "snapshot");
            assert_near(json_object_get(d, "live"), 1000, "live");
            found = true;
        }
    }
    ck_assert_msg(found, "%s", r->body);
    api_response_free(r);
    r = api_get("/v1/people/ann/payouts?from=2025-02&to=2025-02", key);
    NEAR(json_array_get(api_json_at(r, "/payouts"), 0), "payout", 1500.00);
    api_response_free(r);
    /* paid in a closed period: the person stays */
    r = api_delete("/v1/people/ann", key);
    api_assert_problem(r, 409);
    ck_assert_msg(strstr(r->body, "2025-02") != NULL, "%s", r->body);
    api_response_free(r);
    free(key);
}
END_TEST

/* A cohort KPI with a ten-year lag keeps the payout provisional: closing answers 409 naming
 * the person, ?force=true closes. */
START_TEST(close_refuses_provisional_payouts)
{
    char *key = api_new_workspace_key("pay-provisional", "admin");
    send_ok("POST", key, "/v1/kpis",
            "{\"code\":\"slow\",\"name\":\"Slow\",\"owner\":\"sales\",\"metric\":\"won_deals\","
            "\"granularity\":\"month\",\"attribution\":\"cohort\",\"lag_days\":3650,"
            "\"target\":{\"plan\":1}}");
    send_ok("POST", key, "/v1/scorecards",
            "{\"code\":\"sales\",\"name\":\"Sales head\",\"granularity\":\"month\","
            "\"items\":[{\"kpi\":\"slow\",\"weight\":1}]}");
    add_person(key, "boris", "2024-01-01",
               "{\"effective_from\":\"2024-01\",\"scorecard\":\"sales\",\"fixed_pay\":100,"
               "\"bonus_base\":100}");
    struct api_response *r = api_get("/v1/periods/2025-01/payouts", key);
    ck_assert_str_eq(json_string_value(json_object_get(statement_of(r, "boris"), "maturity")),
                     "provisional");
    api_response_free(r);
    r = api_post_json("/v1/periods/2025-01/close", key, "{}");
    api_assert_problem(r, 409);
    assert_field_error(r, "/payouts");
    ck_assert_msg(strstr(r->body, "boris") != NULL, "%s", r->body);
    api_response_free(r);
    r = api_request("POST", "/v1/periods/2025-01/close?force=true", key, NULL, NULL);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/payouts")), 1);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(people_and_pay_plan_rules)
{
    char *key = seed_workspace("pay-rules");
    struct api_response *r = api_post_json(
        "/v1/people", key,
        "{\"code\":\"eve\",\"name\":\"Eve\",\"department\":\"sales\",\"hired_on\":\"2025-01-10\"}");
    api_assert_status(r, 201);
    ck_assert_pstr_eq(api_header(r, "Location"), "/v1/people/eve");
    ck_assert(json_is_null(api_json_at(r, "/left_on")));
    api_response_free(r);
    r = api_post_json(
        "/v1/people", key,
        "{\"code\":\"eve\",\"name\":\"Eve\",\"department\":\"sales\",\"hired_on\":\"2025-01-10\"}");
    api_assert_problem(r, 409);
    api_response_free(r);
    r = api_request("PUT", "/v1/people/eve", key, "application/json",
                    "{\"name\":\"Eve\",\"department\":\"field sales\",\"hired_on\":\"2025-01-10\","
                    "\"left_on\":\"2025-01-09\"}");
    assert_field_error(r, "/left_on");
    api_response_free(r);
    r = api_request("PUT", "/v1/people/eve", key, "application/json",
                    "{\"name\":\"Eve\",\"department\":\"field sales\",\"hired_on\":\"2025-01-10\","
                    "\"left_on\":\"2025-06-30\"}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/department"), "field sales");
    ck_assert_pstr_eq(api_json_string(r, "/left_on"), "2025-06-30");
    api_response_free(r);
    r = api_get("/v1/people/eve", key);
    api_assert_status(r, 200);
    api_response_free(r);
    r = api_get("/v1/people?department=field%20sales", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 1);
    api_response_free(r);
    /* pay plans: both kinds of pay, an unknown scorecard, a schedule not starting at 1 */
    r = api_request("PUT", "/v1/people/eve/pay-plan", key, "application/json",
                    "{\"effective_from\":\"2025-01\",\"scorecard\":\"director\",\"fixed_pay\":1,"
                    "\"bonus_base\":1,\"total_pay\":2,\"split_schedule\":[]}");
    api_assert_problem(r, 422);
    api_response_free(r);
    r = api_request("PUT", "/v1/people/eve/pay-plan", key, "application/json",
                    "{\"effective_from\":\"2025-01\",\"scorecard\":\"nope\",\"fixed_pay\":1,"
                    "\"bonus_base\":1}");
    assert_field_error(r, "/scorecard");
    api_response_free(r);
    r = api_request("PUT", "/v1/people/eve/pay-plan", key, "application/json",
                    "{\"effective_from\":\"2025-01\",\"scorecard\":\"director\",\"total_pay\":"
                    "100,\"split_schedule\":[{\"from_month\":2,\"fixed_share\":0.5}]}");
    assert_field_error(r, "/split_schedule");
    api_response_free(r);
    r = api_request("PUT", "/v1/people/eve/pay-plan", key, "application/json",
                    "{\"effective_from\":\"2025-13\",\"scorecard\":\"director\",\"fixed_pay\":1,"
                    "\"bonus_base\":1}");
    assert_field_error(r, "/effective_from");
    api_response_free(r);
    r = api_request("PUT", "/v1/people/nobody/pay-plan", key, "application/json",
                    "{\"effective_from\":\"2025-01\",\"scorecard\":\"director\",\"fixed_pay\":1,"
                    "\"bonus_base\":1}");
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/people/nobody/payouts?from=2025-01&to=2025-02", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/people/eve/payouts?from=2025-01&to=2025-Q1", key);
    assert_field_error(r, "/to");
    api_response_free(r);
    /* read scope reads, cannot write */
    char *reader = api_new_workspace_key("pay-rules", "read");
    r = api_get("/v1/people/eve/pay-plan", reader);
    api_assert_status(r, 200);
    api_response_free(r);
    r = api_delete("/v1/people/eve", reader);
    api_assert_problem(r, 403);
    api_response_free(r);
    /* nothing frozen: deleted */
    r = api_delete("/v1/people/eve", key);
    api_assert_status(r, 204);
    api_response_free(r);
    r = api_get("/v1/people/eve", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(reader);
    free(key);
}
END_TEST

Suite *api_payouts_suite(void)
{
    Suite *s = suite_create("payouts");
    TCase *tc = tcase_create("payouts");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, seed_example_as_a_statement);
    tcase_add_test(tc, split_schedule_by_tenure);
    tcase_add_test(tc, mid_month_hire_is_prorated);
    tcase_add_test(tc, pilot_month_pays_no_bonus);
    tcase_add_test(tc, pilot_period_pays_no_bonus);
    tcase_add_test(tc, quarterly_scorecard_pays_per_quarter);
    tcase_add_test(tc, closed_statements_do_not_change);
    tcase_add_test(tc, close_refuses_provisional_payouts);
    tcase_add_test(tc, people_and_pay_plan_rules);
    suite_add_tcase(s, tc);
    return s;
}
