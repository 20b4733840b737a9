/* Unit tests for scoring: the worked example, directions, gate, cap, stretch, validation, money. */
#include <math.h>

#include "kpi_check.h"

#define SOME(x) kpi_some(x)
#define NONE kpi_none()

static kpi_target target(kpi_opt base, kpi_opt plan, kpi_opt stretch)
{
    kpi_target t = {base, plan, stretch};
    return t;
}

static kpi_scorecard_item item(double weight, kpi_direction d, kpi_opt fact, kpi_opt plan)
{
    kpi_scorecard_item it = {weight, KPI_PERIOD_MONTH, d, fact, target(NONE, plan, NONE)};
    return it;
}

START_TEST(worked_example)
{
    /* docs/kpi-semantics.md section 6: new clients, repeat purchases, positive reviews
     * (manual). */
    kpi_scorecard_item items[] = {
        item(0.5, KPI_HIGHER_IS_BETTER, SOME(180), SOME(200)),
        item(0.25, KPI_HIGHER_IS_BETTER, SOME(60), SOME(50)),
        item(0.25, KPI_HIGHER_IS_BETTER, SOME(90), SOME(100)),
    };
    kpi_scorecard sc = {KPI_PERIOD_MONTH, KPI_DEFAULT_MAX_ATTAINMENT, 150000, 65000, 3, items};
    kpi_item_score r[3];
    kpi_scorecard_score out;
    ck_assert_int_eq(kpi_scorecard_compute(&sc, r, &out, NULL), KPI_OK);
    static const double att[] = {0.9, 1.2, 0.9}, idx[] = {0.45, 0.30, 0.225};
    static const double bonus[] = {29250.00, 19500.00, 14625.00};
    static const kpi_result_status st[] = {KPI_STATUS_BELOW_PLAN, KPI_STATUS_MET,
                                           KPI_STATUS_BELOW_PLAN};
    for (int i = 0; i < 3; i++) {
        ck_assert_double_eq_tol(r[i].assessment.attainment.value, att[i], 1e-12);
        ck_assert_double_eq_tol(r[i].assessment.capped_attainment, att[i], 1e-12);
        ck_assert_double_eq_tol(r[i].index, idx[i], 1e-12);
        ck_assert_double_eq(kpi_round_money(r[i].item_bonus), bonus[i]);
        ck_assert_int_eq(r[i].assessment.status, st[i]);
    }
    ck_assert_double_eq_tol(out.total, 0.975, 1e-12);
    ck_assert_double_eq(kpi_round_money(out.bonus), 63375.00);
    ck_assert_double_eq(kpi_round_money(out.payout), 213375.00);
    ck_assert_uint_eq(out.warnings, 0);
}
END_TEST

START_TEST(higher_is_better)
{
    kpi_target t = target(NONE, SOME(100), NONE);
    kpi_assessment a = kpi_assess(KPI_HIGHER_IS_BETTER, SOME(80), &t, 2.0);
    ck_assert_double_eq_tol(a.attainment.value, 0.8, 1e-15);
    ck_assert_int_eq(a.status, KPI_STATUS_BELOW_PLAN);
    a = kpi_assess(KPI_HIGHER_IS_BETTER, SOME(100), &t, 2.0);
    ck_assert_double_eq(a.attainment.value, 1.0);
    ck_assert_int_eq(a.status, KPI_STATUS_MET);
    a = kpi_assess(KPI_HIGHER_IS_BETTER, SOME(250), &t, 2.0);
    ck_assert_double_eq(a.attainment.value, 2.5);
    ck_assert_double_eq(a.capped_attainment, 2.0); /* the cap */
    ck_assert_int_eq(a.status, KPI_STATUS_MET);    /* no stretch: never exceeded */
    a = kpi_assess(KPI_HIGHER_IS_BETTER, SOME(250), &t, 1.5);
    ck_assert_double_eq(a.capped_attainment, 1.5);
    /* Plan 0 with higher is better: attainment null, counts 0. */
    t = target(NONE, SOME(0), NONE);
    a = kpi_assess(KPI_HIGHER_IS_BETTER, SOME(5), &t, 2.0);
    ck_assert(!a.attainment.present);
    ck_assert_double_eq(a.capped_attainment, 0);
    ck_assert_int_eq(a.status, KPI_STATUS_MET);
}
END_TEST

START_TEST(lower_is_better)
{
    kpi_target t = target(NONE, SOME(30), NONE);
    kpi_assessment a = kpi_assess(KPI_LOWER_IS_BETTER, SOME(20), &t, 2.0);
    ck_assert_double_eq(a.attainment.value, 1.5);
    ck_assert_int_eq(a.status, KPI_STATUS_MET);
    a = kpi_assess(KPI_LOWER_IS_BETTER, SOME(40), &t, 2.0);
    ck_assert_double_eq(a.attainment.value, 0.75);
    ck_assert_int_eq(a.status, KPI_STATUS_BELOW_PLAN);
    a = kpi_assess(KPI_LOWER_IS_BETTER, SOME(10), &t, 2.0);
    ck_assert_double_eq(a.attainment.value, 3.0);
    ck_assert_double_eq(a.capped_attainment, 2.0);
    /* A fact of 0 attains max_attainment. */
    a = kpi_assess(KPI_LOWER_IS_BETTER, SOME(0), &t, 2.0);
    ck_assert_double_eq(a.attainment.value, 2.0);
    ck_assert_double_eq(a.capped_attainment, 2.0);
    a = kpi_assess(KPI_LOWER_IS_BETTER, SOME(0), &t, 1.25);
    ck_assert_double_eq(a.attainment.value, 1.25);
    /* In a scorecard: cpl 1500 against plan 1200 weighs 0.6 * 0.8. */
    kpi_scorecard_item items[] = {item(0.6, KPI_LOWER_IS_BETTER, SOME(1500), SOME(1200)),
                                  item(0.4, KPI_HIGHER_IS_BETTER, SOME(50), SOME(40))};
    kpi_scorecard sc = {KPI_PERIOD_MONTH, 2.0, 1000, 100, 2, items};
    kpi_item_score r[2];
    kpi_scorecard_score out;
    ck_assert_int_eq(kpi_scorecard_compute(&sc, r, &out, NULL), KPI_OK);
    ck_assert_double_eq_tol(r[0].index, 0.48, 1e-12);
    ck_assert_double_eq_tol(r[1].index, 0.5, 1e-12);
    ck_assert_double_eq_tol(out.total, 0.98, 1e-12);
    ck_assert_double_eq(kpi_round_money(out.payout), 1098.00);
}
END_TEST

START_TEST(gate_and_statuses)
{
    const struct {
        kpi_direction d;
        kpi_opt fact, base, plan, stretch;
        kpi_result_status status;
        double capped;
    } cases[] = {
        /* higher is better: base 80, plan 100, stretch 120 */
        {KPI_HIGHER_IS_BETTER, SOME(79), SOME(80), SOME(100), SOME(120), KPI_STATUS_BELOW_BASE, 0},
        {KPI_HIGHER_IS_BETTER, SOME(80), SOME(80), SOME(100), SOME(120), KPI_STATUS_BELOW_PLAN,
         0.8},
        {KPI_HIGHER_IS_BETTER, SOME(99), SOME(80), SOME(100), SOME(120), KPI_STATUS_BELOW_PLAN,
         0.99},
        {KPI_HIGHER_IS_BETTER, SOME(100), SOME(80), SOME(100), SOME(120), KPI_STATUS_MET, 1.0},
        {KPI_HIGHER_IS_BETTER, SOME(119), SOME(80), SOME(100), SOME(120), KPI_STATUS_MET, 1.19},
        {KPI_HIGHER_IS_BETTER, SOME(120), SOME(80), SOME(100), SOME(120), KPI_STATUS_EXCEEDED, 1.2},
        {KPI_HIGHER_IS_BETTER, SOME(300), SOME(80), SOME(100), SOME(120), KPI_STATUS_EXCEEDED, 2.0},
        /* lower is better: base 50, plan 30, stretch 20 */
        {KPI_LOWER_IS_BETTER, SOME(51), SOME(50), SOME(30), SOME(20), KPI_STATUS_BELOW_BASE, 0},
        {KPI_LOWER_IS_BETTER, SOME(50), SOME(50), SOME(30), SOME(20), KPI_STATUS_BELOW_PLAN, 0.6},
        {KPI_LOWER_IS_BETTER, SOME(30), SOME(50), SOME(30), SOME(20), KPI_STATUS_MET, 1.0},
        {KPI_LOWER_IS_BETTER, SOME(21), SOME(50), SOME(30), SOME(20), KPI_STATUS_MET, 30.0 / 21.0},
        {KPI_LOWER_IS_BETTER, SOME(20), SOME(50), SOME(30), SOME(20), KPI_STATUS_EXCEEDED, 1.5},
        {KPI_LOWER_IS_BETTER, SOME(0), SOME(50), SOME(30), SOME(20), KPI_STATUS_EXCEEDED, 2.0},
        /* missing pieces: first match wins */
        {KPI_HIGHER_IS_BETTER, NONE, SOME(80), SOME(100), NONE, KPI_STATUS_NO_DATA, 0},
        {KPI_HIGHER_IS_BETTER, NONE, NONE, NONE, NONE, KPI_STATUS_NO_DATA, 0},
        {KPI_HIGHER_IS_BETTER, SOME(5), SOME(80), NONE, NONE, KPI_STATUS_NO_TARGET, 0},
        {KPI_LOWER_IS_BETTER, SOME(5), NONE, NONE, SOME(1), KPI_STATUS_NO_TARGET, 0},
        /* a non-finite input is treated as null */
        {KPI_HIGHER_IS_BETTER, SOME(NAN), NONE, SOME(100), NONE, KPI_STATUS_NO_DATA, 0},
        {KPI_HIGHER_IS_BETTER, SOME(50), NONE, SOME(INFINITY), NONE, KPI_STATUS_NO_TARGET, 0},
        {KPI_HIGHER_IS_BETTER, SOME(50), SOME(NAN), SOME(100), SOME(NAN), KPI_STATUS_BELOW_PLAN,
         0.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kpi_target t = target(cases[i].base, cases[i].plan, cases[i].stretch);
        kpi_assessment a = kpi_assess(cases[i].d, cases[i].fact, &t, 2.0);
        ck_assert_msg(a.status == cases[i].status, "case %zu: status %s", i,
                      kpi_result_status_name(a.status));
        ck_assert_msg(fabs(a.capped_attainment - cases[i].capped) < 1e-12, "case %zu: capped %g", i,
                      a.capped_attainment);
        if (!cases[i].fact.present || !isfinite(cases[i].fact.value) || !cases[i].plan.present ||
            !isfinite(cases[i].plan.value))
            ck_assert(!a.attainment.present);
    }
    /* The gate keeps the attainment visible but pays nothing. */
    kpi_target t = target(SOME(80), SOME(100), NONE);
    kpi_assessment a = kpi_assess(KPI_HIGHER_IS_BETTER, SOME(79), &t, 2.0);
    ck_assert_double_eq_tol(a.attainment.value, 0.79, 1e-15);
    ck_assert_double_eq(a.capped_attainment, 0);
    /* An attainment that overflows is null, not infinity. */
    t = target(NONE, SOME(1e-300), NONE);
    a = kpi_assess(KPI_HIGHER_IS_BETTER, SOME(1e300), &t, 2.0);
    ck_assert(!a.attainment.present);
}
END_TEST

START_TEST(scorecard_with_gate_cap_and_missing_data)
{
    kpi_scorecard_item items[] = {
        {0.4, KPI_PERIOD_QUARTER, KPI_HIGHER_IS_BETTER, SOME(300), target(NONE, SOME(100), NONE)},
        {0.3, KPI_PERIOD_QUARTER, KPI_HIGHER_IS_BETTER, SOME(70),
         target(SOME(75), SOME(100), NONE)},
        {0.2, KPI_PERIOD_QUARTER, KPI_LOWER_IS_BETTER, NONE, target(NONE, SOME(10), NONE)},
        {0.1, KPI_PERIOD_QUARTER, KPI_LOWER_IS_BETTER, SOME(8), target(NONE, SOME(10), SOME(9))},
    };
    kpi_scorecard sc = {KPI_PERIOD_QUARTER, 1.5, 50000, 20000, 4, items};
    kpi_item_score r[4];
    kpi_scorecard_score out;
    ck_assert_int_eq(kpi_scorecard_compute(&sc, r, &out, NULL), KPI_OK);
    /* 0.4 * 1.5 (capped) + 0.3 * 0 (gate) + 0.2 * 0 (no data) + 0.1 * 1.25 = 0.725 */
    ck_assert_double_eq_tol(r[0].index, 0.6, 1e-12);
    ck_assert_double_eq(r[1].index, 0);
    ck_assert_int_eq(r[1].assessment.status, KPI_STATUS_BELOW_BASE);
    ck_assert_int_eq(r[2].assessment.status, KPI_STATUS_NO_DATA);
    ck_assert_int_eq(r[3].assessment.status, KPI_STATUS_EXCEEDED);
    ck_assert_double_eq_tol(out.total, 0.725, 1e-12);
    ck_assert_double_eq(kpi_round_money(r[0].item_bonus), 12000.00);
    ck_assert_double_eq(kpi_round_money(out.bonus), 14500.00);
    ck_assert_double_eq(kpi_round_money(out.payout), 64500.00);
}
END_TEST

START_TEST(scorecard_validation)
{
    kpi_scorecard_item items[21];
    for (int i = 0; i < 21; i++)
        items[i] = item(0.125, KPI_HIGHER_IS_BETTER, SOME(1), SOME(1));
    kpi_scorecard sc = {KPI_PERIOD_MONTH, 2.0, 0, 0, 8, items};
    kpi_error err;
    unsigned warnings = 99;
    ck_assert_int_eq(kpi_scorecard_validate(&sc, &warnings, NULL), KPI_OK);
    ck_assert_uint_eq(warnings, KPI_WARN_MANY_ITEMS);
    ck_assert_str_eq(kpi_warning_text(KPI_WARN_MANY_ITEMS), "scorecard has more than 7 items");
    ck_assert_str_eq(kpi_warning_text(1u << 7), "unknown warning");
    ck_assert_int_eq(kpi_scorecard_validate(&sc, NULL, NULL), KPI_OK);
    /* 7 items without warning: weights 1/7 summing to 1 within 1e-9. */
    for (int i = 0; i < 7; i++)
        items[i].weight = 1.0 / 7.0;
    sc.n_items = 7;
    ck_assert_int_eq(kpi_scorecard_validate(&sc, &warnings, NULL), KPI_OK);
    ck_assert_uint_eq(warnings, 0);
    /* 20 items is the most. */
    for (int i = 0; i < 21; i++)
        items[i].weight = 0.05;
    sc.n_items = 20;
    ck_assert_int_eq(kpi_scorecard_validate(&sc, NULL, NULL), KPI_OK);
    sc.n_items = 21;
    ck_assert_kpi_fail(kpi_scorecard_validate(&sc, NULL, &err), KPI_ERR_LIMIT, err);
    sc.n_items = 0;
    ck_assert_kpi_fail(kpi_scorecard_validate(&sc, NULL, &err), KPI_ERR_LIMIT, err);
    /* Weight sum tolerance. */
    kpi_scorecard_item two[2] = {item(0.5, KPI_HIGHER_IS_BETTER, NONE, NONE),
                                 item(0.5 + 5e-10, KPI_HIGHER_IS_BETTER, NONE, NONE)};
    kpi_scorecard pair = {KPI_PERIOD_MONTH, 2.0, 0, 0, 2, two};
    ck_assert_int_eq(kpi_scorecard_validate(&pair, NULL, NULL), KPI_OK);
    two[1].weight = 0.5 + 2e-9;
    ck_assert_kpi_fail(kpi_scorecard_validate(&pair, NULL, &err), KPI_ERR_INVALID, err);
    ck_assert_int_eq(err.position, 0);
    two[1].weight = 0.4;
    ck_assert_kpi_fail(kpi_scorecard_validate(&pair, NULL, &err), KPI_ERR_INVALID, err);
    /* Item faults name the item. */
    static const double bad_weights[] = {0, -0.5, NAN, INFINITY};
    for (size_t i = 0; i < 4; i++) {
        two[1].weight = bad_weights[i];
        ck_assert_kpi_fail(kpi_scorecard_validate(&pair, NULL, &err), KPI_ERR_INVALID, err);
        ck_assert_int_eq(err.position, 2);
    }
    two[1].weight = 0.5;
    two[1].granularity = KPI_PERIOD_QUARTER;
    ck_assert_kpi_fail(kpi_scorecard_validate(&pair, NULL, &err), KPI_ERR_INVALID, err);
    ck_assert_int_eq(err.position, 2);
    two[1].granularity = KPI_PERIOD_MONTH;
    /* Scorecard-level faults. */
    static const double bad_max[] = {0, -1, NAN, INFINITY};
    for (size_t i = 0; i < 4; i++) {
        pair.max_attainment = bad_max[i];
        ck_assert_kpi_fail(kpi_scorecard_validate(&pair, NULL, &err), KPI_ERR_INVALID, err);
    }
    pair.max_attainment = 2.0;
    pair.fixed_pay = -1;
    ck_assert_kpi_fail(kpi_scorecard_validate(&pair, NULL, &err), KPI_ERR_INVALID, err);
    pair.fixed_pay = 0;
    pair.bonus_base = NAN;
    ck_assert_kpi_fail(kpi_scorecard_validate(&pair, NULL, &err), KPI_ERR_INVALID, err);
    /* compute refuses what validate refuses */
    kpi_item_score r[2];
    kpi_scorecard_score out;
    ck_assert_kpi_fail(kpi_scorecard_compute(&pair, r, &out, &err), KPI_ERR_INVALID, err);
}
END_TEST

START_TEST(money_rounding)
{
    static const struct {
        double in, out;
    } cases[] = {
        {213375.0, 213375.00},
        {1.005, 1.01},
        {-1.005, -1.01},
        {2.675, 2.68},
        {0.125, 0.13},
        {-0.125, -0.13},
        {0.015, 0.02},
        {1.115, 1.12},
        {1.0049, 1.00},
        {1.0051, 1.01},
        {0.004, 0.0},
        {-0.004, 0.0},
        {12.344999, 12.34},
        {99.995, 100.00},
        {0.5, 0.5},
        {1e20, 1e20},
        {1234567.891, 1234567.89},
        {-7.5, -7.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = kpi_round_money(cases[i].in);
        ck_assert_msg(got == cases[i].out, "%.17g -> %.17g, want %.17g", cases[i].in, got,
                      cases[i].out);
    }
    ck_assert(!signbit(kpi_round_money(-0.004)));
    ck_assert(isinf(kpi_round_money(INFINITY)));
    ck_assert(isnan(kpi_round_money(NAN)));
}
END_TEST

START_TEST(status_names)
{
    static const char *const names[] = {"no_data",    "no_target", "below_base",
                                        "below_plan", "exceeded",  "met"};
    kpi_error err;
    for (int i = 0; i < 6; i++) {
        kpi_result_status s;
        ck_assert_int_eq(kpi_result_status_parse(names[i], &s, NULL), KPI_OK);
        ck_assert_int_eq(s, i);
        ck_assert_str_eq(kpi_result_status_name(s), names[i]);
    }
    kpi_result_status s;
    ck_assert_kpi_fail(kpi_result_status_parse("ok", &s, &err), KPI_ERR_INVALID, err);
    ck_assert_str_eq(kpi_result_status_name((kpi_result_status)-1), "invalid");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kpi_score");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, worked_example);
    tcase_add_test(tc, higher_is_better);
    tcase_add_test(tc, lower_is_better);
    tcase_add_test(tc, gate_and_statuses);
    tcase_add_test(tc, scorecard_with_gate_cap_and_missing_data);
    tcase_add_test(tc, scorecard_validation);
    tcase_add_test(tc, money_rounding);
    tcase_add_test(tc, status_names);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
