/* Unit tests for measures and the metric catalogue: names, units, every metric and its null case.
 */
#include <math.h>

#include "kpi_check.h"

/* Every measure name, as docs/kpi-semantics.md section 3 spells it. */
static const char *const MEASURE_NAMES[] = {
    "leads",
    "valid_leads",
    "sql_leads",
    "brand_leads",
    "contacted",
    "meetings",
    "proposals",
    "won_deals",
    "clients",
    "new_clients",
    "repeat_purchases",
    "revenue",
    "revenue_new_clients",
    "gross_margin",
    "deals_without_margin",
    "spend",
    "reaction_count",
    "reaction_minutes_sum",
    "reaction_minutes_median",
    "processed_within_workday",
    "cycle_days_median",
    "nps_responses",
    "nps_promoters",
    "nps_detractors",
    "impressions",
    "clicks",
    "sessions",
    "bounces",
    "reach",
    "engagements",
    "emails_sent",
    "emails_delivered",
    "emails_opened",
    "email_clicks",
    "unsubscribes",
    "conversions",
    "followers_end",
    "followers_prev_end",
    "ltv_clients",
    "ltv_revenue",
    "repeat_clients",
};

/* A month of hand-picked facts; every expected value below is worked out by hand from them. */
static const struct {
    const char *name;
    double value;
} SAMPLE[] = {
    {"leads", 120},
    {"valid_leads", 100},
    {"sql_leads", 40},
    {"brand_leads", 25},
    {"contacted", 80},
    {"meetings", 50},
    {"proposals", 20},
    {"won_deals", 12},
    {"clients", 10},
    {"new_clients", 8},
    {"repeat_purchases", 4},
    {"revenue", 600000},
    {"revenue_new_clients", 400000},
    {"gross_margin", 240000},
    {"deals_without_margin", 1},
    {"spend", 150000},
    {"reaction_count", 80},
    {"reaction_minutes_sum", 2400},
    {"reaction_minutes_median", 17.5},
    {"processed_within_workday", 70},
    {"cycle_days_median", 42.25},
    {"nps_responses", 50},
    {"nps_promoters", 30},
    {"nps_detractors", 5},
    {"impressions", 200000},
    {"clicks", 5000},
    {"sessions", 8000},
    {"bounces", 2000},
    {"reach", 50000},
    {"engagements", 900},
    {"emails_sent", 11000},
    {"emails_delivered", 10000},
    {"emails_opened", 2200},
    {"email_clicks", 350},
    {"unsubscribes", 40},
    {"conversions", 300},
    {"followers_end", 12000},
    {"followers_prev_end", 11500},
    {"ltv_clients", 5},
    {"ltv_revenue", 450000},
    {"repeat_clients", 2},
};

static kpi_measure_set sample_set(void)
{
    kpi_measure_set set;
    kpi_measures_init(&set);
    for (size_t i = 0; i < sizeof SAMPLE / sizeof SAMPLE[0]; i++) {
        kpi_measure m;
        ck_assert(kpi_measure_lookup(SAMPLE[i].name, strlen(SAMPLE[i].name), &m));
        kpi_measures_set(&set, m, SAMPLE[i].value);
    }
    return set;
}

static void set_by_name(kpi_measure_set *set, const char *name, double value, bool present)
{
    kpi_measure m;
    ck_assert(kpi_measure_lookup(name, strlen(name), &m));
    if (present)
        kpi_measures_set(set, m, value);
    else
        kpi_measures_clear(set, m);
}

/*
 * The catalogue of section 4 with a hand-computed value for SAMPLE and the
 * measure whose zero (or, for medians, absence) must make the metric null.
 * `null_by` NULL: a plain count or sum, which stays a number at 0.
 */
static const struct {
    const char *id;
    kpi_unit unit;
    kpi_direction direction;
    double value;
    const char *null_by;
    bool absent; /* null_by is made null rather than 0 */
} EXPECTED[] = {
    {"leads", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 120, NULL, false},
    {"valid_leads", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 100, NULL, false},
    {"cpl", KPI_UNIT_MONEY, KPI_LOWER_IS_BETTER, 1500, "valid_leads", false},
    {"sql_share", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 40, "valid_leads", false},
    {"brand_lead_share", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 25, "valid_leads", false},
    {"cr_lead_contact", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 80, "valid_leads", false},
    {"cr_contact_meeting", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 62.5, "contacted", false},
    {"cr_meeting_proposal", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 40, "meetings", false},
    {"cr_proposal_deal", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 50, "proposals", false},
    {"cr_lead_client", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 10, "valid_leads", false},
    {"reaction_time_avg", KPI_UNIT_MINUTES, KPI_LOWER_IS_BETTER, 30, "reaction_count", false},
    {"reaction_time_median", KPI_UNIT_MINUTES, KPI_LOWER_IS_BETTER, 17.5, "reaction_minutes_median",
     true},
    {"processed_within_workday_share", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 70, "valid_leads",
     false},
    {"won_deals", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 12, NULL, false},
    {"clients", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 10, NULL, false},
    {"new_clients", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 8, NULL, false},
    {"repeat_purchases", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 4, NULL, false},
    {"revenue", KPI_UNIT_MONEY, KPI_HIGHER_IS_BETTER, 600000, NULL, false},
    {"revenue_new_clients", KPI_UNIT_MONEY, KPI_HIGHER_IS_BETTER, 400000, NULL, false},
    {"gross_margin", KPI_UNIT_MONEY, KPI_HIGHER_IS_BETTER, 240000, NULL, false},
    {"spend", KPI_UNIT_MONEY, KPI_LOWER_IS_BETTER, 150000, NULL, false},
    {"avg_check", KPI_UNIT_MONEY, KPI_HIGHER_IS_BETTER, 50000, "won_deals", false},
    {"gross_margin_pct", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 40, "revenue", false},
    {"cac", KPI_UNIT_MONEY, KPI_LOWER_IS_BETTER, 18750, "new_clients", false},
    {"romi", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 60, "spend", false},
    {"roas", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 400, "spend", false},
    {"deal_cycle_days", KPI_UNIT_DAYS, KPI_LOWER_IS_BETTER, 42.25, "cycle_days_median", true},
    {"nps", KPI_UNIT_POINTS, KPI_HIGHER_IS_BETTER, 50, "nps_responses", false},
    /* 100 * 5000 / 200000; 150000 / 5000; 1000 * 150000 / 200000; 150000 / 300;
     * 100 * 100 / 5000 */
    {"ctr", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 2.5, "impressions", false},
    {"cpc", KPI_UNIT_MONEY, KPI_LOWER_IS_BETTER, 30, "clicks", false},
    {"cpm", KPI_UNIT_MONEY, KPI_LOWER_IS_BETTER, 750, "impressions", false},
    {"cost_per_conversion", KPI_UNIT_MONEY, KPI_LOWER_IS_BETTER, 500, "conversions", false},
    {"click_to_lead_cr", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 2, "clicks", false},
    /* 8000; 100 * 2000 / 8000; 100 * 100 / 8000 */
    {"sessions", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 8000, NULL, false},
    {"bounce_rate", KPI_UNIT_PERCENT, KPI_LOWER_IS_BETTER, 25, "sessions", false},
    {"site_cr", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 1.25, "sessions", false},
    /* 100 * 2200 / 10000; 100 * 350 / 10000; 100 * 40 / 10000 */
    {"open_rate", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 22, "emails_delivered", false},
    {"email_ctr", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 3.5, "emails_delivered", false},
    {"unsubscribe_rate", KPI_UNIT_PERCENT, KPI_LOWER_IS_BETTER, 0.4, "emails_delivered", false},
    /* 50000; 1000 * 900 / 12000; 12000 - 11500 (null without a level at the end) */
    {"reach", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 50000, NULL, false},
    {"engagement_per_1000", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 75, "followers_end", false},
    {"audience_growth", KPI_UNIT_COUNT, KPI_HIGHER_IS_BETTER, 500, "followers_end", true},
    {"ltv", KPI_UNIT_MONEY, KPI_HIGHER_IS_BETTER, 90000, "ltv_clients", false}, /* 450000 / 5 */
    {"repeat_rate", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 40, "ltv_clients", false}, /* 2 of 5 */
    /* ltv 90000 over cac 150000 / 8 = 18750: 480 % */
    {"romi_ltv", KPI_UNIT_PERCENT, KPI_HIGHER_IS_BETTER, 480, "new_clients", false},
};
#define N_EXPECTED (sizeof EXPECTED / sizeof EXPECTED[0])

START_TEST(measure_names)
{
    ck_assert_uint_eq(sizeof MEASURE_NAMES / sizeof MEASURE_NAMES[0], KPI_MEASURE_COUNT);
    for (int i = 0; i < KPI_MEASURE_COUNT; i++) {
        kpi_measure m;
        ck_assert_msg(kpi_measure_lookup(MEASURE_NAMES[i], strlen(MEASURE_NAMES[i]), &m), "%s",
                      MEASURE_NAMES[i]);
        ck_assert_str_eq(kpi_measure_name(m), MEASURE_NAMES[i]);
    }
    kpi_measure m;
    ck_assert(!kpi_measure_lookup("lead", 4, &m));
    ck_assert(!kpi_measure_lookup("leadsx", 6, &m));
    ck_assert(!kpi_measure_lookup("LEADS", 5, &m));
    ck_assert(!kpi_measure_lookup("", 0, &m));
    ck_assert(kpi_measure_lookup("leads + 1", 5, &m)); /* a slice of a longer text */
    ck_assert_int_eq(m, KPI_M_LEADS);
    ck_assert_ptr_null(kpi_measure_name(KPI_MEASURE_COUNT));
}
END_TEST

START_TEST(measure_set)
{
    kpi_measure_set set;
    kpi_measures_init(&set);
    ck_assert(!kpi_measures_get(&set, KPI_M_SPEND).present);
    kpi_measures_set(&set, KPI_M_SPEND, 12.5);
    ck_assert(kpi_measures_get(&set, KPI_M_SPEND).present);
    ck_assert_double_eq(kpi_measures_get(&set, KPI_M_SPEND).value, 12.5);
    kpi_measures_clear(&set, KPI_M_SPEND);
    ck_assert(!kpi_measures_get(&set, KPI_M_SPEND).present);
    kpi_measures_set(&set, KPI_M_SPEND, NAN);
    ck_assert(!kpi_measures_get(&set, KPI_M_SPEND).present);
    kpi_measures_set(&set, KPI_M_SPEND, INFINITY);
    ck_assert(!kpi_measures_get(&set, KPI_M_SPEND).present);
}
END_TEST

START_TEST(catalogue_matches_the_contract)
{
    ck_assert_uint_eq(kpi_metric_count(), N_EXPECTED);
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const kpi_metric *m = kpi_metric_at(i);
        ck_assert_ptr_nonnull(m);
        ck_assert_str_eq(m->id, EXPECTED[i].id);
        ck_assert_ptr_eq(kpi_metric_find(EXPECTED[i].id), m);
        ck_assert_uint_gt(strlen(m->name), 0);
        ck_assert_msg(m->unit == EXPECTED[i].unit, "%s unit", m->id);
        ck_assert_msg(m->direction == EXPECTED[i].direction, "%s direction", m->id);
    }
    ck_assert_ptr_null(kpi_metric_at(N_EXPECTED));
    ck_assert_ptr_null(kpi_metric_find("ltv_unknown"));
    ck_assert_ptr_null(kpi_metric_find(NULL));
}
END_TEST

START_TEST(every_metric_value_and_null_case)
{
    for (size_t i = 0; i < N_EXPECTED; i++) {
        kpi_formula f;
        kpi_error err = {0};
        const kpi_metric *m = kpi_metric_find(EXPECTED[i].id);
        ck_assert_msg(kpi_metric_compile(m, &f, &err) == KPI_OK, "%s: %s", m->id, err.message);
        kpi_measure_set set = sample_set();
        kpi_opt v = kpi_formula_eval(&f, &set);
        ck_assert_msg(v.present, "%s", m->id);
        ck_assert_msg(fabs(v.value - EXPECTED[i].value) <= 1e-12 * fabs(EXPECTED[i].value),
                      "%s = %.17g, want %.17g", m->id, v.value, EXPECTED[i].value);
        if (EXPECTED[i].null_by != NULL) {
            set_by_name(&set, EXPECTED[i].null_by, 0, !EXPECTED[i].absent);
            ck_assert_msg(!kpi_formula_eval(&f, &set).present, "%s with %s = 0", m->id,
                          EXPECTED[i].null_by);
        } else {
            /* A count or sum with nothing under it is 0, not null. */
            set_by_name(&set, EXPECTED[i].id, 0, true);
            v = kpi_formula_eval(&f, &set);
            ck_assert(v.present && v.value == 0);
        }
    }
}
END_TEST

START_TEST(negative_romi_and_nps)
{
    kpi_measure_set set = sample_set();
    kpi_formula romi, nps;
    kpi_metric_compile(kpi_metric_find("romi"), &romi, NULL);
    kpi_metric_compile(kpi_metric_find("nps"), &nps, NULL);
    set_by_name(&set, "gross_margin", 90000, true); /* 100 * (90000 - 150000) / 150000 */
    set_by_name(&set, "nps_detractors", 40, true);  /* 100 * (30 - 40) / 50 */
    ck_assert_double_eq_tol(kpi_formula_eval(&romi, &set).value, -40, 1e-12);
    ck_assert_double_eq_tol(kpi_formula_eval(&nps, &set).value, -20, 1e-12);
}
END_TEST

/* romi_ltv has two ratios under it: either one's zero denominator makes it null. */
START_TEST(romi_ltv_nulls)
{
    kpi_formula f;
    kpi_metric_compile(kpi_metric_find("romi_ltv"), &f, NULL);
    kpi_measure_set set = sample_set();
    set_by_name(&set, "spend", 0, true); /* cac 0: ltv / 0 */
    ck_assert(!kpi_formula_eval(&f, &set).present);
    set = sample_set();
    set_by_name(&set, "ltv_clients", 0, true); /* no new clients in the cohort: ltv null */
    ck_assert(!kpi_formula_eval(&f, &set).present);
}
END_TEST

START_TEST(unit_and_direction_names)
{
    static const char *const units[] = {"count", "money", "percent", "minutes", "days", "points"};
    kpi_error err;
    for (int i = 0; i < 6; i++) {
        kpi_unit u;
        ck_assert_int_eq(kpi_unit_parse(units[i], &u, NULL), KPI_OK);
        ck_assert_int_eq(u, i);
        ck_assert_str_eq(kpi_unit_name(u), units[i]);
    }
    kpi_unit u;
    ck_assert_kpi_fail(kpi_unit_parse("euro", &u, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_unit_parse(NULL, &u, &err), KPI_ERR_INVALID, err);
    ck_assert_str_eq(kpi_unit_name((kpi_unit)42), "invalid");
    kpi_direction d;
    ck_assert_int_eq(kpi_direction_parse("higher_is_better", &d, NULL), KPI_OK);
    ck_assert_int_eq(d, KPI_HIGHER_IS_BETTER);
    ck_assert_int_eq(kpi_direction_parse("lower_is_better", &d, NULL), KPI_OK);
    ck_assert_int_eq(d, KPI_LOWER_IS_BETTER);
    ck_assert_str_eq(kpi_direction_name(KPI_LOWER_IS_BETTER), "lower_is_better");
    ck_assert_str_eq(kpi_direction_name(KPI_HIGHER_IS_BETTER), "higher_is_better");
    ck_assert_kpi_fail(kpi_direction_parse("higher", &d, &err), KPI_ERR_INVALID, err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kpi_metrics");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, measure_names);
    tcase_add_test(tc, measure_set);
    tcase_add_test(tc, catalogue_matches_the_contract);
    tcase_add_test(tc, every_metric_value_and_null_case);
    tcase_add_test(tc, negative_romi_and_nps);
    tcase_add_test(tc, romi_ltv_nulls);
    tcase_add_test(tc, unit_and_direction_names);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
