/* Unit tests for pay: the seed's worked example as a statement, split schedules by tenure,
 * proration, pilot plans, quarters and plan validation. */
#include "kpi_check.h"

static kpi_period month_of(const char *id)
{
    kpi_period p;
    ck_assert_int_eq(kpi_period_parse(id, &p, NULL), KPI_OK);
    return p;
}

static kpi_date day(int y, int m, int d)
{
    return kpi_date_from_ymd(y, m, d);
}

/* 80 % fixed for the first three months, 70 % for the next three, then 50 %. */
static const kpi_split_step SEED_SPLIT[] = {{1, 0.8}, {4, 0.7}, {7, 0.5}};

static kpi_pay_plan split_plan(double total_pay)
{
    kpi_pay_plan p = {
        .split = true, .total_pay = total_pay, .n_steps = 3, .steps = SEED_SPLIT, .prorate = true};
    return p;
}

static kpi_pay_plan explicit_plan(double fixed, double bonus_base)
{
    kpi_pay_plan p = {.fixed_pay = fixed, .bonus_base = bonus_base, .prorate = true};
    return p;
}

/* The seed's indexes: 0.5 x 180/200, 0.25 x 60/50, 0.25 x 90/100. */
static const double SEED_INDEXES[] = {0.45, 0.30, 0.225};
#define SEED_TOTAL 0.975

START_TEST(seed_worked_example)
{
    kpi_pay_plan plan = explicit_plan(150000, 65000);
    kpi_employment e = {day(2024, 1, 1), false, 0};
    kpi_period m = month_of("2025-03");
    kpi_month_pay pay;
    ck_assert_int_eq(kpi_pay_month(&plan, &e, &m, &pay, NULL), KPI_OK);
    ck_assert_int_eq(pay.tenure_month, 15);
    ck_assert_double_eq_tol(pay.fixed_share, 150000.0 / 215000.0, 1e-15);
    double item_bonus[3];
    kpi_pay_statement s;
    ck_assert_int_eq(kpi_pay_statement_compute(&pay, 1, SEED_TOTAL, false, SEED_INDEXES, 3,
                                               item_bonus, &s, NULL),
                     KPI_OK);
    /* 65,000 x 0.45 = 29,250; x 0.30 = 19,500; x 0.225 = 14,625 */
    ck_assert_double_eq(item_bonus[0], 29250.00);
    ck_assert_double_eq(item_bonus[1], 19500.00);
    ck_assert_double_eq(item_bonus[2], 14625.00);
    ck_assert_double_eq(s.fixed_pay, 150000.00);
    ck_assert_double_eq(s.bonus_base, 65000.00);
    ck_assert_double_eq(s.bonus, 63375.00); /* 65,000 x 0.975 */
    ck_assert_double_eq(s.payout, 213375.00);
}
END_TEST

/* Hired 2025-01-01: January is tenure month 1. total_pay 215,000 at total 0.975:
 * 80/20 -> 172,000 + 43,000 x 0.975 (41,925.00) = 213,925.00;
 * 70/30 -> 150,500 + 64,500 x 0.975 (62,887.50) = 213,387.50;
 * 50/50 -> 107,500 + 107,500 x 0.975 (104,812.50) = 212,312.50. */
START_TEST(split_by_tenure)
{
    static const struct {
        const char *month;
        int tenure;
        double share, fixed, bonus_base, payout;
    } cases[] = {
        {"2025-01", 1, 0.8, 172000.00, 43000.00, 213925.00},
        {"2025-03", 3, 0.8, 172000.00, 43000.00, 213925.00},
        {"2025-04", 4, 0.7, 150500.00, 64500.00, 213387.50},
        {"2025-06", 6, 0.7, 150500.00, 64500.00, 213387.50},
        {"2025-07", 7, 0.5, 107500.00, 107500.00, 212312.50},
        {"2026-01", 13, 0.5, 107500.00, 107500.00, 212312.50},
    };
    kpi_pay_plan plan = split_plan(215000);
    kpi_employment e = {day(2025, 1, 1), false, 0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kpi_period m = month_of(cases[i].month);
        kpi_month_pay pay;
        kpi_pay_statement s;
        ck_assert_int_eq(kpi_pay_month(&plan, &e, &m, &pay, NULL), KPI_OK);
        ck_assert_int_eq(pay.tenure_month, cases[i].tenure);
        ck_assert_double_eq(pay.fixed_share, cases[i].share);
        ck_assert_int_eq(
            kpi_pay_statement_compute(&pay, 1, SEED_TOTAL, false, NULL, 0, NULL, &s, NULL), KPI_OK);
        ck_assert_double_eq(s.fixed_pay, cases[i].fixed);
        ck_assert_double_eq(s.bonus_base, cases[i].bonus_base);
        ck_assert_double_eq(s.payout, cases[i].payout);
    }
}
END_TEST

START_TEST(tenure_months)
{
    kpi_period dec = month_of("2024-12"), jan = month_of("2025-01");
    ck_assert_int_eq(kpi_tenure_month(day(2024, 12, 31), &dec), 1);
    ck_assert_int_eq(kpi_tenure_month(day(2024, 12, 31), &jan), 2);
    ck_assert_int_eq(kpi_tenure_month(day(2025, 2, 1), &jan), 0); /* before hiring */
    ck_assert_int_eq(kpi_tenure_month(day(2023, 11, 15), &jan), 15);
}
END_TEST

/* Hired 2025-01-16: 16 of January's 31 days, 150,000 x 16 / 31 = 77,419.354... -> 77,419.35;
 * the bonus base is not prorated: 65,000 x 0.975 = 63,375.00; payout 140,794.35. */
START_TEST(mid_month_hire_prorated)
{
    kpi_pay_plan plan = explicit_plan(150000, 65000);
    kpi_employment e = {day(2025, 1, 16), false, 0};
    kpi_period jan = month_of("2025-01");
    kpi_month_pay pay;
    kpi_pay_statement s;
    ck_assert_int_eq(kpi_pay_month(&plan, &e, &jan, &pay, NULL), KPI_OK);
    ck_assert_int_eq(pay.employed_days, 16);
    ck_assert_int_eq(pay.days_in_month, 31);
    ck_assert_int_eq(kpi_pay_statement_compute(&pay, 1, SEED_TOTAL, false, NULL, 0, NULL, &s, NULL),
                     KPI_OK);
    ck_assert_double_eq(s.fixed_pay, 77419.35);
    ck_assert_double_eq(s.bonus_base, 65000.00);
    ck_assert_double_eq(s.payout, 140794.35);
    /* prorate: false pays the whole month */
    plan.prorate = false;
    ck_assert_int_eq(kpi_pay_month(&plan, &e, &jan, &pay, NULL), KPI_OK);
    ck_assert_double_eq(pay.fixed_pay, 150000);
}
END_TEST

/* Left 2025-02-14: 14 of February's 28 days, 150,000 x 14 / 28 = 75,000; a month after
 * leaving pays nothing, nor does one before hiring. */
START_TEST(leaving_and_unemployed_months)
{
    kpi_pay_plan plan = explicit_plan(150000, 65000);
    kpi_employment e = {day(2025, 1, 16), true, day(2025, 2, 14)};
    kpi_period feb = month_of("2025-02"), mar = month_of("2025-03"), dec = month_of("2024-12");
    kpi_month_pay pay;
    ck_assert_int_eq(kpi_pay_month(&plan, &e, &feb, &pay, NULL), KPI_OK);
    ck_assert_int_eq(pay.employed_days, 14);
    ck_assert_double_eq(pay.fixed_pay, 75000);
    ck_assert_double_eq(pay.bonus_base, 65000);
    ck_assert_int_eq(kpi_pay_month(&plan, &e, &mar, &pay, NULL), KPI_OK);
    ck_assert_int_eq(pay.employed_days, 0);
    ck_assert_double_eq(pay.fixed_pay, 0);
    ck_assert_double_eq(pay.bonus_base, 0);
    ck_assert_int_eq(kpi_pay_month(&plan, &e, &dec, &pay, NULL), KPI_OK);
    ck_assert_int_eq(pay.tenure_month, 0);
    ck_assert_double_eq(pay.fixed_pay, 0);
    /* hired and left on the same day: 1 of 31 days, 150,000 / 31 = 4,838.709... */
    kpi_employment one_day = {day(2025, 1, 20), true, day(2025, 1, 20)};
    kpi_period jan = month_of("2025-01");
    ck_assert_int_eq(kpi_pay_month(&plan, &one_day, &jan, &pay, NULL), KPI_OK);
    ck_assert_int_eq(pay.employed_days, 1);
    ck_assert_double_eq_tol(pay.fixed_pay, 150000.0 / 31, 1e-9);
}
END_TEST

/* A pilot computes the would-be bonus (63,375.00) but pays only the fixed 150,000.00. */
START_TEST(pilot_pays_no_bonus)
{
    kpi_pay_plan plan = explicit_plan(150000, 65000);
    plan.pilot = true;
    kpi_employment e = {day(2024, 1, 1), false, 0};
    kpi_period m = month_of("2025-03");
    kpi_month_pay pay;
    double item_bonus[3];
    kpi_pay_statement s;
    ck_assert_int_eq(kpi_pay_month(&plan, &e, &m, &pay, NULL), KPI_OK);
    ck_assert_int_eq(kpi_pay_statement_compute(&pay, 1, SEED_TOTAL, plan.pilot, SEED_INDEXES, 3,
                                               item_bonus, &s, NULL),
                     KPI_OK);
    ck_assert_double_eq(s.would_be_bonus, 63375.00);
    ck_assert_double_eq(s.bonus, 0);
    ck_assert_double_eq(s.payout, 150000.00);
    ck_assert_double_eq(item_bonus[0], 29250.00);
}
END_TEST

/* Hired 2024-12-01, 2025-Q1 is tenure months 2, 3 and 4: fixed 172,000 + 172,000 + 150,500
 * = 494,500; bonus base 43,000 + 43,000 + 64,500 = 150,500; x 0.975 = 146,737.50;
 * payout 641,237.50 once for the quarter. */
START_TEST(quarter_sums_its_months)
{
    kpi_pay_plan plan = split_plan(215000);
    kpi_employment e = {day(2024, 12, 1), false, 0};
    kpi_period q = month_of("2025-Q1"), months[12];
    kpi_month_pay pay[3];
    ck_assert_uint_eq(kpi_period_months(&q, months), 3);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(kpi_pay_month(&plan, &e, &months[i], &pay[i], NULL), KPI_OK);
    kpi_pay_statement s;
    ck_assert_int_eq(kpi_pay_statement_compute(pay, 3, SEED_TOTAL, false, NULL, 0, NULL, &s, NULL),
                     KPI_OK);
    ck_assert_double_eq(s.fixed_pay, 494500.00);
    ck_assert_double_eq(s.bonus_base, 150500.00);
    ck_assert_double_eq(s.bonus, 146737.50);
    ck_assert_double_eq(s.payout, 641237.50);
    kpi_error err;
    ck_assert_kpi_fail(kpi_pay_month(&plan, &e, &q, &pay[0], &err), KPI_ERR_INVALID, err);
}
END_TEST

START_TEST(plan_validation)
{
    kpi_error err;
    kpi_pay_plan p = explicit_plan(-1, 0);
    ck_assert_kpi_fail(kpi_pay_plan_validate(&p, &err), KPI_ERR_INVALID, err);
    p = split_plan(-5);
    ck_assert_kpi_fail(kpi_pay_plan_validate(&p, &err), KPI_ERR_INVALID, err);
    p = split_plan(1000);
    p.n_steps = 0;
    ck_assert_kpi_fail(kpi_pay_plan_validate(&p, &err), KPI_ERR_INVALID, err);
    static const kpi_split_step late_start[] = {{2, 0.8}};
    static const kpi_split_step not_increasing[] = {{1, 0.8}, {4, 0.7}, {4, 0.5}};
    static const kpi_split_step bad_share[] = {{1, 0.8}, {4, 1.5}};
    p.steps = late_start;
    p.n_steps = 1;
    ck_assert_kpi_fail(kpi_pay_plan_validate(&p, &err), KPI_ERR_INVALID, err);
    ck_assert_int_eq(err.position, 1);
    p.steps = not_increasing;
    p.n_steps = 3;
    ck_assert_kpi_fail(kpi_pay_plan_validate(&p, &err), KPI_ERR_INVALID, err);
    ck_assert_int_eq(err.position, 3);
    p.steps = bad_share;
    p.n_steps = 2;
    ck_assert_kpi_fail(kpi_pay_plan_validate(&p, &err), KPI_ERR_INVALID, err);
    ck_assert_int_eq(err.position, 2);
    ck_assert_kpi_fail(kpi_pay_month(&p, NULL, NULL, NULL, &err), KPI_ERR_INVALID, err);
    /* left before hired */
    kpi_pay_plan ok = explicit_plan(0, 0);
    kpi_employment e = {day(2025, 2, 1), true, day(2025, 1, 1)};
    kpi_period jan = month_of("2025-01");
    kpi_month_pay pay;
    ck_assert_kpi_fail(kpi_pay_month(&ok, &e, &jan, &pay, &err), KPI_ERR_INVALID, err);
    /* zero pay: the fixed share of nothing is taken as 1 */
    e.has_left = false;
    ck_assert_int_eq(kpi_pay_month(&ok, &e, &jan, &pay, NULL), KPI_OK);
    ck_assert_double_eq(pay.fixed_share, 1.0);
}
END_TEST

START_TEST(statement_arguments)
{
    kpi_error err;
    kpi_month_pay pay = {1, 1.0, 31, 31, 100, 0};
    kpi_pay_statement s;
    ck_assert_kpi_fail(kpi_pay_statement_compute(&pay, 0, 1, false, NULL, 0, NULL, &s, &err),
                       KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_pay_statement_compute(&pay, 1, -1, false, NULL, 0, NULL, &s, &err),
                       KPI_ERR_INVALID, err);
    /* a half cent rounds away from zero: 100.005 -> 100.01 */
    kpi_month_pay half = {1, 1.0, 31, 31, 100.005, 0};
    ck_assert_int_eq(kpi_pay_statement_compute(&half, 1, 0, false, NULL, 0, NULL, &s, NULL),
                     KPI_OK);
    ck_assert_double_eq(s.fixed_pay, 100.01);
    ck_assert_double_eq(s.payout, 100.01);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kpi_pay");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, seed_worked_example);
    tcase_add_test(tc, split_by_tenure);
    tcase_add_test(tc, tenure_months);
    tcase_add_test(tc, mid_month_hire_prorated);
    tcase_add_test(tc, leaving_and_unemployed_months);
    tcase_add_test(tc, pilot_pays_no_bonus);
    tcase_add_test(tc, quarter_sums_its_months);
    tcase_add_test(tc, plan_validation);
    tcase_add_test(tc, statement_arguments);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
