/* Unit tests for libkpi dates, times of day and periods: accept/reject tables, bounds, navigation.
 */
#include "kpi_check.h"

/* Day numbers below were computed independently (days since 1970-01-01). */
#define D_2025_01_01 20089
#define D_2025_02_01 20120

START_TEST(date_numbers)
{
    ck_assert_int_eq(kpi_date_from_ymd(1970, 1, 1), 0);
    ck_assert_int_eq(kpi_date_from_ymd(2025, 1, 1), D_2025_01_01);
    ck_assert_int_eq(kpi_date_from_ymd(2000, 3, 1), 11017);
    ck_assert_int_eq(kpi_date_from_ymd(2024, 2, 29), 19782);
    ck_assert_int_eq(kpi_date_from_ymd(9999, 12, 31), 2932896);
    ck_assert_int_eq(kpi_date_from_ymd(1969, 12, 31), -1);
    int y, m, d;
    kpi_date_to_ymd(-1, &y, &m, &d);
    ck_assert(y == 1969 && m == 12 && d == 31);
    kpi_date_to_ymd(19782, &y, &m, &d);
    ck_assert(y == 2024 && m == 2 && d == 29);
    ck_assert_int_eq(kpi_date_weekday(0), 3);            /* Thursday */
    ck_assert_int_eq(kpi_date_weekday(D_2025_01_01), 2); /* Wednesday */
    ck_assert_int_eq(kpi_date_weekday(-3), 0);           /* Monday 1969-12-29 */
    ck_assert_int_eq(kpi_date_weekday(-4), 6);
    ck_assert_int_eq(kpi_days_in_month(2024, 2), 29);
    ck_assert_int_eq(kpi_days_in_month(1900, 2), 28);
    ck_assert_int_eq(kpi_days_in_month(2000, 2), 29);
    ck_assert_int_eq(kpi_days_in_month(2025, 4), 30);
    ck_assert_int_eq(kpi_local_date(-1), -1);
    ck_assert_int_eq(kpi_local_date(86399), 0);
    ck_assert_int_eq(kpi_local_date(86400), 1);
    ck_assert_int_eq(kpi_local_time_at(1, 60), 86460);
}
END_TEST

START_TEST(date_text)
{
    static const struct {
        const char *text;
        kpi_status status;
        kpi_date date;
    } cases[] = {
        {"2025-01-01", KPI_OK, D_2025_01_01},
        {"2024-02-29", KPI_OK, 19782},
        {"9999-12-31", KPI_OK, 2932896},
        {"1970-01-01", KPI_OK, 0},
        {"2025-02-29", KPI_ERR_INVALID, 0},
        {"2025-13-01", KPI_ERR_INVALID, 0},
        {"2025-00-10", KPI_ERR_INVALID, 0},
        {"2025-01-00", KPI_ERR_INVALID, 0},
        {"2025-04-31", KPI_ERR_INVALID, 0},
        {"2025-1-01", KPI_ERR_INVALID, 0},
        {"2025-01-01T", KPI_ERR_INVALID, 0},
        {"2025/01/01", KPI_ERR_INVALID, 0},
        {"", KPI_ERR_INVALID, 0},
        {"1969-12-31", KPI_ERR_RANGE, 0},
        {" 2025-01-01", KPI_ERR_INVALID, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kpi_date d = -7;
        kpi_error err = {0};
        ck_assert_msg(kpi_date_parse(cases[i].text, &d, &err) == cases[i].status, "%s",
                      cases[i].text);
        if (cases[i].status == KPI_OK) {
            char buf[KPI_DATE_TEXT_SIZE];
            ck_assert_int_eq(d, cases[i].date);
            kpi_date_format(d, buf);
            ck_assert_str_eq(buf, cases[i].text);
        } else {
            ck_assert_int_eq(d, -7);
            ck_assert_int_eq(err.status, cases[i].status);
        }
    }
    ck_assert_int_eq(kpi_date_parse(NULL, &(kpi_date){0}, NULL), KPI_ERR_INVALID);
}
END_TEST

START_TEST(time_of_day_text)
{
    static const struct {
        const char *text;
        int minutes; /* -1: rejected */
    } cases[] = {{"00:00", 0},  {"09:00", 540}, {"13:30", 810}, {"23:59", 1439}, {"24:00", 1440},
                 {"24:01", -1}, {"25:00", -1},  {"23:60", -1},  {"9:00", -1},    {"09:00:00", -1},
                 {"09-00", -1}, {"", -1},       {"ab:cd", -1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int m = -5;
        kpi_error err;
        kpi_status st = kpi_time_of_day_parse(cases[i].text, &m, &err);
        ck_assert_msg(st == (cases[i].minutes < 0 ? KPI_ERR_INVALID : (kpi_status)KPI_OK), "%s",
                      cases[i].text);
        ck_assert_int_eq(m, cases[i].minutes < 0 ? -5 : cases[i].minutes);
    }
    ck_assert_int_eq(kpi_time_of_day_parse(NULL, &(int){0}, NULL), KPI_ERR_INVALID);
}
END_TEST

START_TEST(period_accept)
{
    static const struct {
        const char *text;
        kpi_period_kind kind;
        int year, index;
        const char *start, *end;
    } cases[] = {
        {"2025-01", KPI_PERIOD_MONTH, 2025, 1, "2025-01-01", "2025-02-01"},
        {"2025-02", KPI_PERIOD_MONTH, 2025, 2, "2025-02-01", "2025-03-01"},
        {"2025-12", KPI_PERIOD_MONTH, 2025, 12, "2025-12-01", "2026-01-01"},
        {"2025-Q1", KPI_PERIOD_QUARTER, 2025, 1, "2025-01-01", "2025-04-01"},
        {"2025-Q4", KPI_PERIOD_QUARTER, 2025, 4, "2025-10-01", "2026-01-01"},
        {"2024", KPI_PERIOD_YEAR, 2024, 1, "2024-01-01", "2025-01-01"},
        {"1970-01", KPI_PERIOD_MONTH, 1970, 1, "1970-01-01", "1970-02-01"},
        {"9999-Q3", KPI_PERIOD_QUARTER, 9999, 3, "9999-07-01", "9999-10-01"},
        /* ISO weeks: Monday to Monday; week 1 holds the year's first Thursday */
        {"2025-W07", KPI_PERIOD_WEEK, 2025, 7, "2025-02-10", "2025-02-17"},
        {"2025-W01", KPI_PERIOD_WEEK, 2025, 1, "2024-12-30", "2025-01-06"},
        {"2025-W05", KPI_PERIOD_WEEK, 2025, 5, "2025-01-27", "2025-02-03"}, /* crosses a month */
        {"2026-W53", KPI_PERIOD_WEEK, 2026, 53, "2026-12-28", "2027-01-04"},
        {"2020-W53", KPI_PERIOD_WEEK, 2020, 53, "2020-12-28", "2021-01-04"},
        {"1970-W01", KPI_PERIOD_WEEK, 1970, 1, "1969-12-29", "1970-01-05"},
        {"1970-W53", KPI_PERIOD_WEEK, 1970, 53, "1970-12-28", "1971-01-04"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kpi_period p;
        char buf[KPI_PERIOD_TEXT_SIZE], day[KPI_DATE_TEXT_SIZE];
        ck_assert_int_eq(kpi_period_parse(cases[i].text, &p, NULL), KPI_OK);
        ck_assert_int_eq(p.kind, cases[i].kind);
        ck_assert_int_eq(p.year, cases[i].year);
        ck_assert_int_eq(p.index, cases[i].index);
        kpi_period_format(&p, buf);
        ck_assert_str_eq(buf, cases[i].text);
        kpi_date_format(kpi_period_start(&p), day);
        ck_assert_str_eq(day, cases[i].start);
        kpi_date_format(kpi_period_end(&p), day);
        ck_assert_str_eq(day, cases[i].end);
    }
    kpi_period p;
    kpi_period_parse("2025-01", &p, NULL);
    ck_assert_int_eq(kpi_period_start(&p), D_2025_01_01);
    ck_assert_int_eq(kpi_period_end(&p), D_2025_02_01);
}
END_TEST

START_TEST(period_reject)
{
    static const struct {
        const char *text;
        kpi_status status;
    } cases[] = {
        {"2025-13", KPI_ERR_INVALID},    {"2025-00", KPI_ERR_INVALID},
        {"2025-Q5", KPI_ERR_INVALID},    {"2025-Q0", KPI_ERR_INVALID},
        {"2025-1", KPI_ERR_INVALID},     {"2025-01x", KPI_ERR_INVALID},
        {"", KPI_ERR_INVALID},           {"2025-q1", KPI_ERR_INVALID},
        {"25-01", KPI_ERR_INVALID},      {" 2025-01", KPI_ERR_INVALID},
        {"2025-01 ", KPI_ERR_INVALID},   {"2025/01", KPI_ERR_INVALID},
        {"2025-", KPI_ERR_INVALID},      {"2025-Q", KPI_ERR_INVALID},
        {"2025-Q11", KPI_ERR_INVALID},   {"abcd", KPI_ERR_INVALID},
        {"20251", KPI_ERR_INVALID},      {"2025-0a", KPI_ERR_INVALID},
        {"2025-01-01", KPI_ERR_INVALID}, {"10000-01", KPI_ERR_INVALID},
        {"1969-12", KPI_ERR_RANGE},      {"1969", KPI_ERR_RANGE},
        {"0000-Q1", KPI_ERR_RANGE},      {"2025-W53", KPI_ERR_INVALID}, /* 2025 has 52 weeks */
        {"2025-W00", KPI_ERR_INVALID},   {"2025-W7", KPI_ERR_INVALID},
        {"2025-w07", KPI_ERR_INVALID},   {"2025-W070", KPI_ERR_INVALID},
        {"2025-Wxx", KPI_ERR_INVALID},   {"1969-W01", KPI_ERR_RANGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kpi_period p = {KPI_PERIOD_YEAR, 1, 1};
        kpi_error err;
        ck_assert_msg(kpi_period_parse(cases[i].text, &p, &err) == cases[i].status, "%s",
                      cases[i].text);
        ck_assert_int_eq(err.status, cases[i].status);
        ck_assert_int_eq(p.year, 1); /* untouched on failure */
    }
    ck_assert_int_eq(kpi_period_parse(NULL, &(kpi_period){0}, NULL), KPI_ERR_INVALID);
}
END_TEST

/* Parses a period that the test knows is valid. */
static kpi_period P(const char *text)
{
    kpi_period p;
    ck_assert_int_eq(kpi_period_parse(text, &p, NULL), KPI_OK);
    return p;
}

static void assert_period(const kpi_period *p, const char *text)
{
    char buf[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(p, buf);
    ck_assert_str_eq(buf, text);
}

START_TEST(period_shift)
{
    static const struct {
        const char *from;
        int steps;
        const char *to; /* NULL: out of range */
    } cases[] = {
        {"2025-01", -1, "2024-12"},     {"2025-01", 1, "2025-02"},
        {"2025-12", 1, "2026-01"},      {"2025-Q1", 1, "2025-Q2"},
        {"2025-Q4", 1, "2026-Q1"},      {"2025-Q1", -1, "2024-Q4"},
        {"2025", -1, "2024"},           {"2025-06", 0, "2025-06"},
        {"2025-01", 25, "2027-02"},     {"2025-01", -61, "2019-12"},
        {"1970-01", -1, NULL},          {"9999-12", 1, NULL},
        {"1970-Q1", -1, NULL},          {"9999", 1, NULL},
        {"2025-01", 2000000000, NULL},  {"2025-01", -2000000000, NULL},
        {"2025-W01", -1, "2024-W52"},   {"2026-W52", 1, "2026-W53"},
        {"2026-W53", 1, "2027-W01"},    {"2025-W07", 52, "2026-W07"},
        {"1970-W01", -1, NULL},         {"9999-W52", 1, NULL},
        {"2025-W07", 2000000000, NULL}, {"2025-W07", -2000000000, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kpi_period from = P(cases[i].from), to;
        kpi_error err;
        kpi_status st = kpi_period_shift(&from, cases[i].steps, &to, &err);
        if (cases[i].to == NULL) {
            ck_assert_int_eq(st, KPI_ERR_RANGE);
        } else {
            ck_assert_int_eq(st, KPI_OK);
            assert_period(&to, cases[i].to);
        }
    }
}
END_TEST

START_TEST(period_range)
{
    kpi_period out[KPI_PERIOD_RANGE_MAX + 1];
    size_t n = 99;
    kpi_error err;
    kpi_period a = P("2024-11"), b = P("2025-02"), q = P("2025-Q1");
    ck_assert_int_eq(kpi_period_range(&a, &b, out, 10, &n, &err), KPI_OK);
    ck_assert_uint_eq(n, 4);
    assert_period(&out[0], "2024-11");
    assert_period(&out[1], "2024-12");
    assert_period(&out[2], "2025-01");
    assert_period(&out[3], "2025-02");
    ck_assert_int_eq(kpi_period_range(&a, &a, out, 1, &n, NULL), KPI_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_kpi_fail(kpi_period_range(&b, &a, out, 10, &n, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_period_range(&a, &q, out, 10, &n, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_period_range(&a, &b, out, 3, &n, &err), KPI_ERR_LIMIT, err);
    kpi_period lo = P("1970-01"), hi = P("2070-01"), hi_ok = P("2069-12");
    ck_assert_kpi_fail(kpi_period_range(&lo, &hi, out, KPI_PERIOD_RANGE_MAX + 1, &n, &err),
                       KPI_ERR_LIMIT, err);
    ck_assert_int_eq(kpi_period_range(&lo, &hi_ok, out, KPI_PERIOD_RANGE_MAX, &n, NULL), KPI_OK);
    ck_assert_uint_eq(n, 1200);
    assert_period(&out[1199], "2069-12");
    kpi_period y1 = P("2024"), y2 = P("2026");
    ck_assert_int_eq(kpi_period_range(&y1, &y2, out, 10, &n, NULL), KPI_OK);
    ck_assert_uint_eq(n, 3);
    assert_period(&out[2], "2026");
    kpi_period w1 = P("2026-W52"), w2 = P("2027-W02");
    ck_assert_int_eq(kpi_period_range(&w1, &w2, out, 10, &n, NULL), KPI_OK);
    ck_assert_uint_eq(n, 4); /* W52, W53, 2027-W01, W02 */
    assert_period(&out[1], "2026-W53");
    assert_period(&out[3], "2027-W02");
    ck_assert_kpi_fail(kpi_period_range(&w1, &y2, out, 10, &n, &err), KPI_ERR_INVALID, err);
}
END_TEST

START_TEST(period_months_and_compare)
{
    kpi_period m[12];
    kpi_period q2 = P("2025-Q2"), y = P("2025"), jan = P("2025-01");
    ck_assert_uint_eq(kpi_period_months(&q2, m), 3);
    assert_period(&m[0], "2025-04");
    assert_period(&m[1], "2025-05");
    assert_period(&m[2], "2025-06");
    ck_assert_uint_eq(kpi_period_months(&y, m), 12);
    assert_period(&m[11], "2025-12");
    ck_assert_uint_eq(kpi_period_months(&jan, m), 1);
    assert_period(&m[0], "2025-01");
    kpi_period feb = P("2025-02");
    ck_assert_int_eq(kpi_period_compare(&jan, &feb), -1);
    ck_assert_int_eq(kpi_period_compare(&feb, &jan), 1);
    ck_assert_int_eq(kpi_period_compare(&jan, &jan), 0);
    kpi_period w = P("2025-W05"), w_next = P("2025-W06");
    ck_assert_uint_eq(kpi_period_months(&w, m), 0); /* a week is not made of months */
    ck_assert_int_eq(kpi_period_compare(&w, &w_next), -1);
}
END_TEST

START_TEST(period_containing)
{
    kpi_period p;
    kpi_error err;
    kpi_date may15 = 20223; /* 2025-05-15 */
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_MONTH, may15, &p, NULL), KPI_OK);
    assert_period(&p, "2025-05");
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_QUARTER, may15, &p, NULL), KPI_OK);
    assert_period(&p, "2025-Q2");
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_YEAR, may15, &p, NULL), KPI_OK);
    assert_period(&p, "2025");
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_QUARTER, 20088, &p, NULL), KPI_OK);
    assert_period(&p, "2024-Q4"); /* 2024-12-31 */
    ck_assert_kpi_fail(kpi_period_containing(KPI_PERIOD_MONTH, -1, &p, &err), KPI_ERR_RANGE, err);
    ck_assert_kpi_fail(kpi_period_containing(KPI_PERIOD_MONTH, 2932897, &p, &err), KPI_ERR_RANGE,
                       err);
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_WEEK, may15, &p, NULL), KPI_OK);
    assert_period(&p, "2025-W20"); /* a Thursday */
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_WEEK, 20087, &p, NULL), KPI_OK);
    assert_period(&p, "2025-W01"); /* Monday 2024-12-30 */
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_WEEK, 20086, &p, NULL), KPI_OK);
    assert_period(&p, "2024-W52"); /* Sunday 2024-12-29 */
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_WEEK, 20821, &p, NULL), KPI_OK);
    assert_period(&p, "2026-W53"); /* Sunday 2027-01-03 */
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_WEEK, -3, &p, NULL), KPI_OK);
    assert_period(&p, "1970-W01"); /* Monday 1969-12-29 */
    ck_assert_int_eq(kpi_period_containing(KPI_PERIOD_WEEK, 2932896, &p, NULL), KPI_OK);
    assert_period(&p, "9999-W52"); /* Friday 9999-12-31 */
    ck_assert_kpi_fail(kpi_period_containing(KPI_PERIOD_WEEK, -4, &p, &err), KPI_ERR_RANGE, err);
    ck_assert_kpi_fail(kpi_period_containing(KPI_PERIOD_WEEK, 2932899, &p, &err), KPI_ERR_RANGE,
                       err); /* Monday 10000-01-03 */
}
END_TEST

START_TEST(period_maturity)
{
    kpi_period jan = P("2025-01"), q1 = P("2025-Q1");
    ck_assert_int_eq(kpi_period_matures_on(&jan, 0), 20120);  /* 2025-02-01 */
    ck_assert_int_eq(kpi_period_matures_on(&jan, 30), 20150); /* 2025-03-03 */
    ck_assert_int_eq(kpi_period_matures_on(&q1, 90), 20269);  /* 2025-06-30 */
    int64_t feb1 = (int64_t)20120 * 86400;
    ck_assert_int_eq(kpi_period_maturity(&jan, 0, feb1), KPI_MATURITY_FINAL);
    ck_assert_int_eq(kpi_period_maturity(&jan, 0, feb1 - 1), KPI_MATURITY_PROVISIONAL);
    ck_assert_int_eq(kpi_period_maturity(&jan, 30, feb1), KPI_MATURITY_PROVISIONAL);
    ck_assert_int_eq(kpi_period_maturity(&jan, 30, (int64_t)20150 * 86400), KPI_MATURITY_FINAL);
    ck_assert_str_eq(kpi_maturity_name(KPI_MATURITY_FINAL), "final");
    ck_assert_str_eq(kpi_maturity_name(KPI_MATURITY_PROVISIONAL), "provisional");
    kpi_period w7 = P("2025-W07");
    ck_assert_int_eq(kpi_period_matures_on(&w7, 14), 20150); /* 2025-02-17 + 14 = 2025-03-03 */
}
END_TEST

START_TEST(kind_names)
{
    kpi_period_kind k;
    kpi_error err;
    static const char *const names[] = {"month", "quarter", "year", "week"};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(kpi_period_kind_parse(names[i], &k, NULL), KPI_OK);
        ck_assert_int_eq(k, KPI_PERIOD_MONTH + i);
        ck_assert_str_eq(kpi_period_kind_name(k), names[i]);
    }
    ck_assert_kpi_fail(kpi_period_kind_parse("day", &k, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_period_kind_parse(NULL, &k, &err), KPI_ERR_INVALID, err);
    ck_assert_str_eq(kpi_period_kind_name((kpi_period_kind)0), "invalid");
}
END_TEST

START_TEST(status_names)
{
    static const char *const names[] = {"ok",      "invalid", "range", "syntax",
                                        "unknown", "limit",   "nomem"};
    for (int i = 0; i <= KPI_ERR_NOMEM; i++)
        ck_assert_str_eq(kpi_status_name((kpi_status)i), names[i]);
    ck_assert_str_eq(kpi_status_name((kpi_status)99), "unknown-status");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kpi_period");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, date_numbers);
    tcase_add_test(tc, date_text);
    tcase_add_test(tc, time_of_day_text);
    tcase_add_test(tc, period_accept);
    tcase_add_test(tc, period_reject);
    tcase_add_test(tc, period_shift);
    tcase_add_test(tc, period_range);
    tcase_add_test(tc, period_months_and_compare);
    tcase_add_test(tc, period_containing);
    tcase_add_test(tc, period_maturity);
    tcase_add_test(tc, kind_names);
    tcase_add_test(tc, status_names);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
