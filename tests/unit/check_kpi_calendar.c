/* Unit tests for working time: hand-computed cases, builder errors, brute-force and additivity
 * checks. */
#include <math.h>

#include "kpi_check.h"

/*
 * Day number of a civil date counted the slow, obvious way (year by year,
 * month by month) so expectations do not come from the library's algorithm.
 */
static int64_t civil_days(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t days = 0;
    for (int year = 1970; year < y; year++)
        days += ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 366 : 365;
    for (int month = 1; month < m; month++)
        days += mdays[month - 1] + (month == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return days + d - 1;
}

/* Local wall-clock seconds of y-m-d hh:mm:ss. */
static int64_t T(int y, int m, int d, int hh, int mm)
{
    return civil_days(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

static kpi_calendar *default_calendar(void)
{
    kpi_calendar *cal = NULL;
    ck_assert_int_eq(kpi_calendar_new_default(&cal, NULL), KPI_OK);
    return cal;
}

/* Calendar with a lunch break Mon-Fri, a short Saturday, holidays and transferred workdays. */
typedef struct test_cal {
    kpi_interval week[7][2];
    int n_week[7];
    int64_t holidays[4];
    int64_t extra_day[2];
    kpi_interval extra[2][2];
    int n_extra[2];
} test_cal;

static test_cal complex_spec(void)
{
    test_cal s = {0};
    for (int d = 0; d < 5; d++) {
        s.week[d][0] = (kpi_interval){9 * 60, 13 * 60};
        s.week[d][1] = (kpi_interval){14 * 60, 18 * 60 + 30};
        s.n_week[d] = 2;
    }
    s.week[5][0] = (kpi_interval){10 * 60 + 15, 14 * 60};
    s.n_week[5] = 1;
    s.holidays[0] = civil_days(2025, 1, 1);
    s.holidays[1] = civil_days(2025, 1, 2);
    s.holidays[2] = civil_days(2025, 2, 24);
    s.holidays[3] = civil_days(2025, 3, 8);  /* a Saturday: replaces the short day */
    s.extra_day[0] = civil_days(2025, 2, 1); /* a Saturday with full hours */
    s.extra[0][0] = (kpi_interval){9 * 60, 18 * 60};
    s.n_extra[0] = 1;
    s.extra_day[1] = civil_days(2025, 1, 5); /* a Sunday, two intervals up to midnight */
    s.extra[1][0] = (kpi_interval){0, 60};
    s.extra[1][1] = (kpi_interval){22 * 60, 24 * 60};
    s.n_extra[1] = 2;
    return s;
}

static kpi_calendar *build_spec(const test_cal *s)
{
    kpi_calendar_builder *b = kpi_calendar_builder_new();
    kpi_calendar *cal = NULL;
    ck_assert_ptr_nonnull(b);
    for (int d = 0; d < 7; d++)
        ck_assert_int_eq(kpi_calendar_set_weekday(b, d, s->week[d], (size_t)s->n_week[d], NULL),
                         KPI_OK);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(kpi_calendar_add_holiday(b, (kpi_date)s->holidays[i], NULL), KPI_OK);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(kpi_calendar_add_extra_day(b, (kpi_date)s->extra_day[i], s->extra[i],
                                                    (size_t)s->n_extra[i], NULL),
                         KPI_OK);
    ck_assert_int_eq(kpi_calendar_build(b, &cal, NULL), KPI_OK);
    kpi_calendar_builder_free(b);
    return cal;
}

/* Is the minute starting at local second `t` (a multiple of 60) working time under spec? */
static bool spec_minute_works(const test_cal *s, int64_t t)
{
    int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int minute = (int)((t - day * 86400) / 60);
    const kpi_interval *iv;
    int n;
    for (int i = 0; i < 4; i++)
        if (s->holidays[i] == day)
            return false;
    int extra = -1;
    for (int i = 0; i < 2; i++)
        if (s->extra_day[i] == day)
            extra = i;
    if (extra >= 0) {
        iv = s->extra[extra];
        n = s->n_extra[extra];
    } else {
        int wd = (int)(((day + 3) % 7 + 7) % 7); /* day 0 was a Thursday */
        iv = s->week[wd];
        n = s->n_week[wd];
    }
    for (int i = 0; i < n; i++)
        if (minute >= iv[i].start && minute < iv[i].end)
            return true;
    return false;
}

/* Brute force: walk the span minute by minute (whole-minute endpoints). */
static double brute_minutes(const test_cal *s, int64_t from, int64_t to)
{
    double n = 0;
    for (int64_t t = from; t < to; t += 60)
        n += spec_minute_works(s, t);
    return n;
}

/* Brute force for arbitrary seconds: each second inherits its minute's state. */
static double brute_seconds(const test_cal *s, int64_t from, int64_t to)
{
    int64_t n = 0;
    for (int64_t t = from; t < to; t++) {
        int64_t minute_start = t - (((t % 60) + 60) % 60);
        n += spec_minute_works(s, minute_start);
    }
    return (double)n / 60.0;
}

/* Small deterministic generator so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd(uint64_t bound)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state % bound;
}

START_TEST(friday_evening_to_monday)
{
    kpi_calendar *cal = default_calendar();
    /* 2025-01-03 is a Friday. */
    ck_assert_double_eq(
        kpi_calendar_working_minutes(cal, T(2025, 1, 3, 20, 0), T(2025, 1, 6, 9, 10)), 10.0);
    kpi_calendar_free(cal);
}
END_TEST

START_TEST(default_calendar_cases)
{
    kpi_calendar *cal = default_calendar();
    static const struct {
        int y1, m1, d1, h1, n1, y2, m2, d2, h2, n2;
        double minutes;
    } cases[] = {
        {2025, 1, 7, 9, 30, 2025, 1, 7, 17, 0, 450},   /* within a Tuesday */
        {2025, 1, 7, 18, 0, 2025, 1, 8, 9, 0, 0},      /* the night */
        {2025, 1, 7, 7, 0, 2025, 1, 7, 9, 0, 0},       /* the early morning */
        {2025, 1, 7, 17, 0, 2025, 1, 8, 10, 0, 120},   /* across one night */
        {2025, 1, 4, 8, 0, 2025, 1, 5, 23, 0, 0},      /* the weekend */
        {2025, 1, 6, 9, 0, 2025, 1, 20, 9, 0, 5400},   /* two whole weeks */
        {2025, 1, 6, 12, 0, 2025, 3, 5, 11, 0, 22620}, /* 8 weeks, then 360 + 540 + 120 */
        {2024, 12, 31, 17, 0, 2025, 1, 2, 10, 0, 660}, /* year end, no holiday */
        {2025, 1, 31, 17, 30, 2025, 2, 3, 9, 30, 60},  /* month end over a weekend */
        {2024, 2, 28, 17, 0, 2024, 3, 1, 10, 0, 660},  /* leap day is a Thursday */
        {2025, 1, 8, 10, 0, 2025, 1, 8, 10, 0, 0},     /* empty span */
        {2025, 1, 8, 11, 0, 2025, 1, 8, 10, 0, 0},     /* reversed span */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t a = T(cases[i].y1, cases[i].m1, cases[i].d1, cases[i].h1, cases[i].n1);
        int64_t b = T(cases[i].y2, cases[i].m2, cases[i].d2, cases[i].h2, cases[i].n2);
        ck_assert_msg(kpi_calendar_working_minutes(cal, a, b) == cases[i].minutes,
                      "case %zu: got %g want %g", i, kpi_calendar_working_minutes(cal, a, b),
                      cases[i].minutes);
    }
    /* Fractional minutes: 17:59:30 to 18:00:30 holds 30 working seconds. */
    int64_t t = T(2025, 1, 7, 17, 59) + 30;
    ck_assert_double_eq(kpi_calendar_working_minutes(cal, t, t + 60), 0.5);
    ck_assert_double_eq(kpi_calendar_working_minutes(cal, t, t + 1), 1.0 / 60.0);
    kpi_calendar_free(cal);
}
END_TEST

START_TEST(holidays_extra_days_and_intervals)
{
    test_cal s = complex_spec();
    kpi_calendar *cal = build_spec(&s);
    /* Tue 2024-12-31 17:00 -> Fri 2025-01-03 10:00: 90 min, two holidays, 60 min. */
    ck_assert_double_eq(
        kpi_calendar_working_minutes(cal, T(2024, 12, 31, 17, 0), T(2025, 1, 3, 10, 0)), 150.0);
    /* Lunch break: 12:30 -> 14:30 is 30 + 30. */
    ck_assert_double_eq(
        kpi_calendar_working_minutes(cal, T(2025, 1, 8, 12, 30), T(2025, 1, 8, 14, 30)), 60.0);
    /* Extra Saturday 2025-02-01 09:00-18:00 between Fri 18:00 and Mon 09:30. */
    ck_assert_double_eq(
        kpi_calendar_working_minutes(cal, T(2025, 1, 31, 18, 0), T(2025, 2, 3, 9, 30)),
        30 + 540 + 30);
    /* An ordinary Saturday: 10:15-14:00. */
    ck_assert_double_eq(
        kpi_calendar_working_minutes(cal, T(2025, 1, 11, 0, 0), T(2025, 1, 12, 0, 0)), 225.0);
    /* A holiday on a Saturday removes the short day. */
    ck_assert_double_eq(kpi_calendar_working_minutes(cal, T(2025, 3, 8, 0, 0), T(2025, 3, 9, 0, 0)),
                        0.0);
    /* Extra Sunday 2025-01-05 with hours up to 24:00. */
    ck_assert_double_eq(
        kpi_calendar_working_minutes(cal, T(2025, 1, 5, 0, 30), T(2025, 1, 6, 9, 30)),
        30 + 120 + 30);
    kpi_calendar_free(cal);
}
END_TEST

START_TEST(random_pairs_against_brute_force)
{
    test_cal s = complex_spec();
    kpi_calendar *cal = build_spec(&s);
    int64_t base = T(2024, 12, 20, 0, 0);
    for (int i = 0; i < 3000; i++) {
        /* Mostly spans of up to 3 days, every tenth up to 40 days. */
        int64_t span_minutes = i % 10 == 0 ? 40 * 1440 : 3 * 1440;
        int64_t a = base + (int64_t)rnd(90 * 1440) * 60;
        int64_t b = a + (int64_t)rnd((uint64_t)span_minutes) * 60;
        double want = brute_minutes(&s, a, b);
        ck_assert_msg(kpi_calendar_working_minutes(cal, a, b) == want, "pair %d: %lld..%lld", i,
                      (long long)a, (long long)b);
    }
    for (int i = 0; i < 200; i++) {
        int64_t a = base + (int64_t)rnd(60 * 86400);
        int64_t b = a + (int64_t)rnd(2 * 86400);
        double want = brute_seconds(&s, a, b);
        ck_assert_msg(fabs(kpi_calendar_working_minutes(cal, a, b) - want) < 1e-9,
                      "seconds pair %d", i);
    }
    kpi_calendar_free(cal);
}
END_TEST

START_TEST(additivity)
{
    test_cal s = complex_spec();
    kpi_calendar *cal = build_spec(&s);
    int64_t base = T(2024, 11, 1, 0, 0);
    for (int i = 0; i < 5000; i++) {
        int64_t x[3];
        for (int k = 0; k < 3; k++)
            x[k] = base + (int64_t)rnd(200 * 86400);
        /* sort the three */
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < 2 - k; j++)
                if (x[j] > x[j + 1]) {
                    int64_t tmp = x[j];
                    x[j] = x[j + 1];
                    x[j + 1] = tmp;
                }
        double ab = kpi_calendar_working_minutes(cal, x[0], x[1]);
        double bc = kpi_calendar_working_minutes(cal, x[1], x[2]);
        double ac = kpi_calendar_working_minutes(cal, x[0], x[2]);
        ck_assert(ab >= 0 && bc >= 0);
        ck_assert_msg(fabs(ac - (ab + bc)) <= 1e-9 * (ac > 1 ? ac : 1), "triple %d", i);
    }
    kpi_calendar_free(cal);
}
END_TEST

START_TEST(extreme_times)
{
    kpi_calendar *cal = default_calendar();
    double all = kpi_calendar_working_minutes(cal, INT64_MIN, INT64_MAX);
    ck_assert(isfinite(all) && all > 0);
    ck_assert_double_eq(kpi_calendar_working_minutes(cal, INT64_MAX - 10, INT64_MAX), 0.0);
    /* Before 1970 still counts: Wed 1969-12-31 09:00 -> Thu 1970-01-01 09:00 = 540. */
    ck_assert_double_eq(kpi_calendar_working_minutes(cal, -15 * 3600, 9 * 3600), 540.0);
    kpi_calendar_free(cal);
}
END_TEST

START_TEST(add_working_time)
{
    kpi_calendar *cal = default_calendar();
    kpi_local_time out = 0;
    kpi_error err;
    int64_t fri = T(2025, 1, 3, 17, 50);
    ck_assert_int_eq(kpi_calendar_add_working(cal, fri, 10, &out, NULL), KPI_OK);
    ck_assert_int_eq(out, T(2025, 1, 3, 18, 0)); /* ends the interval, not Monday */
    ck_assert_int_eq(kpi_calendar_add_working(cal, fri, 20, &out, NULL), KPI_OK);
    ck_assert_int_eq(out, T(2025, 1, 6, 9, 10));
    ck_assert_int_eq(kpi_calendar_add_working(cal, T(2025, 1, 3, 20, 0), 10, &out, NULL), KPI_OK);
    ck_assert_int_eq(out, T(2025, 1, 6, 9, 10));
    ck_assert_int_eq(kpi_calendar_add_working(cal, T(2025, 1, 4, 12, 0), 1, &out, NULL), KPI_OK);
    ck_assert_int_eq(out, T(2025, 1, 6, 9, 1));
    ck_assert_int_eq(kpi_calendar_add_working(cal, fri, 0, &out, NULL), KPI_OK);
    ck_assert_int_eq(out, fri);
    ck_assert_int_eq(kpi_calendar_add_working(cal, T(2025, 1, 6, 10, 0), 2700 * 10, &out, NULL),
                     KPI_OK);
    ck_assert_int_eq(out, T(2025, 3, 17, 10, 0)); /* exactly ten working weeks */
    ck_assert_int_eq(kpi_calendar_add_working(cal, T(2025, 1, 6, 10, 0), 0.5, &out, NULL), KPI_OK);
    ck_assert_int_eq(out, T(2025, 1, 6, 10, 0) + 30);
    ck_assert_kpi_fail(kpi_calendar_add_working(cal, fri, -1, &out, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_calendar_add_working(cal, fri, NAN, &out, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_calendar_add_working(cal, fri, 2e9, &out, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_calendar_add_working(cal, T(9999, 12, 31, 17, 0), 120, &out, &err),
                       KPI_ERR_RANGE, err);
    ck_assert_kpi_fail(kpi_calendar_add_working(cal, INT64_MAX, 1, &out, &err), KPI_ERR_RANGE, err);
    ck_assert_int_eq(kpi_calendar_add_working(cal, INT64_MIN, 1, &out, NULL), KPI_OK);
    kpi_calendar_free(cal);

    kpi_calendar_builder *b = kpi_calendar_builder_new();
    ck_assert_int_eq(kpi_calendar_build(b, &cal, NULL), KPI_OK);
    kpi_calendar_builder_free(b);
    ck_assert_kpi_fail(kpi_calendar_add_working(cal, fri, 1, &out, &err), KPI_ERR_RANGE, err);
    kpi_calendar_free(cal);
}
END_TEST

START_TEST(add_working_is_inverse)
{
    test_cal s = complex_spec();
    kpi_calendar *cal = build_spec(&s);
    int64_t base = T(2024, 12, 15, 0, 0);
    for (int i = 0; i < 2000; i++) {
        int64_t t = base + (int64_t)rnd(120 * 86400);
        double minutes = (double)rnd(20000) / (i % 2 ? 1 : 60);
        kpi_local_time out;
        ck_assert_int_eq(kpi_calendar_add_working(cal, t, minutes, &out, NULL), KPI_OK);
        double want = round(minutes * 60) / 60;
        ck_assert_msg(fabs(kpi_calendar_working_minutes(cal, t, out) - want) < 1e-9, "case %d", i);
        if (want > 0) /* earliest: one second less is not enough */
            ck_assert(kpi_calendar_working_minutes(cal, t, out - 1) < want);
    }
    kpi_calendar_free(cal);
}
END_TEST

START_TEST(builder_errors)
{
    kpi_calendar_builder *b = kpi_calendar_builder_new();
    kpi_calendar *cal = NULL;
    kpi_error err;
    kpi_interval ok[2] = {{14 * 60, 18 * 60}, {9 * 60, 13 * 60}}; /* unsorted is fine */
    kpi_interval touching[2] = {{9 * 60, 13 * 60}, {13 * 60, 18 * 60}};
    kpi_interval overlap[2] = {{9 * 60, 13 * 60}, {12 * 60, 18 * 60}};
    kpi_interval empty[1] = {{600, 600}};
    kpi_interval late[1] = {{600, 1441}};
    kpi_interval negative[1] = {{-1, 600}};
    kpi_interval many[KPI_CALENDAR_MAX_INTERVALS + 1];
    for (int i = 0; i <= KPI_CALENDAR_MAX_INTERVALS; i++)
        many[i] = (kpi_interval){i * 100, i * 100 + 50};
    ck_assert_int_eq(kpi_calendar_set_weekday(b, 0, ok, 2, NULL), KPI_OK);
    ck_assert_int_eq(kpi_calendar_set_weekday(b, 1, touching, 2, NULL), KPI_OK);
    ck_assert_int_eq(kpi_calendar_set_weekday(b, 2, many, KPI_CALENDAR_MAX_INTERVALS, NULL),
                     KPI_OK);
    ck_assert_kpi_fail(kpi_calendar_set_weekday(b, 7, ok, 2, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_calendar_set_weekday(b, -1, ok, 2, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_calendar_set_weekday(b, 3, overlap, 2, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_calendar_set_weekday(b, 3, empty, 1, &err), KPI_ERR_INVALID, err);
    ck_assert_int_eq(err.position, 1);
    ck_assert_kpi_fail(kpi_calendar_set_weekday(b, 3, late, 1, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_calendar_set_weekday(b, 3, negative, 1, &err), KPI_ERR_INVALID, err);
    ck_assert_kpi_fail(kpi_calendar_set_weekday(b, 3, many, KPI_CALENDAR_MAX_INTERVALS + 1, &err),
                       KPI_ERR_LIMIT, err);
    ck_assert_kpi_fail(kpi_calendar_add_holiday(b, -1, &err), KPI_ERR_RANGE, err);
    ck_assert_kpi_fail(kpi_calendar_add_holiday(b, 2932897, &err), KPI_ERR_RANGE, err);
    ck_assert_kpi_fail(kpi_calendar_add_extra_day(b, 20000, overlap, 2, &err), KPI_ERR_INVALID,
                       err);
    /* A repeated holiday is harmless: Monday 2025-01-06 is off, Tuesday's touching intervals give
     * 9h. */
    ck_assert_int_eq(kpi_calendar_add_holiday(b, (kpi_date)civil_days(2025, 1, 6), NULL), KPI_OK);
    ck_assert_int_eq(kpi_calendar_add_holiday(b, (kpi_date)civil_days(2025, 1, 6), NULL), KPI_OK);
    ck_assert_int_eq(kpi_calendar_build(b, &cal, NULL), KPI_OK);
    ck_assert_double_eq(kpi_calendar_working_minutes(cal, T(2025, 1, 6, 0, 0), T(2025, 1, 8, 0, 0)),
                        540.0);
    kpi_calendar_free(cal);
    /* A holiday that is also an extra day is ambiguous. */
    ck_assert_int_eq(kpi_calendar_add_extra_day(b, (kpi_date)civil_days(2025, 1, 6), ok, 2, NULL),
                     KPI_OK);
    ck_assert_kpi_fail(kpi_calendar_build(b, &cal, &err), KPI_ERR_INVALID, err);
    ck_assert_ptr_nonnull(strstr(err.message, "2025-01-06"));
    kpi_calendar_builder_free(b);

    b = kpi_calendar_builder_new();
    ck_assert_int_eq(kpi_calendar_add_extra_day(b, 20000, ok, 2, NULL), KPI_OK);
    ck_assert_int_eq(kpi_calendar_add_extra_day(b, 20000, ok, 1, NULL), KPI_OK);
    ck_assert_kpi_fail(kpi_calendar_build(b, &cal, &err), KPI_ERR_INVALID, err);
    kpi_calendar_builder_free(b);

    b = kpi_calendar_builder_new();
    for (int i = 0; i < KPI_CALENDAR_MAX_SPECIAL_DAYS; i++)
        ck_assert_int_eq(kpi_calendar_add_holiday(b, i, NULL), KPI_OK);
    ck_assert_kpi_fail(kpi_calendar_add_holiday(b, 5, &err), KPI_ERR_LIMIT, err);
    kpi_calendar_builder_free(b);
    kpi_calendar_builder_free(NULL);
    kpi_calendar_free(NULL);
}
END_TEST

START_TEST(round_the_clock)
{
    kpi_calendar_builder *b = kpi_calendar_builder_new();
    kpi_calendar *cal = NULL;
    kpi_interval all_day = {0, 24 * 60};
    for (int d = 0; d < 7; d++)
        kpi_calendar_set_weekday(b, d, &all_day, 1, NULL);
    ck_assert_int_eq(kpi_calendar_build(b, &cal, NULL), KPI_OK);
    kpi_calendar_builder_free(b);
    int64_t a = T(2025, 1, 1, 13, 7) + 11, z = T(2025, 3, 1, 2, 0) + 5;
    ck_assert_double_eq(kpi_calendar_working_minutes(cal, a, z), (double)(z - a) / 60.0);
    kpi_calendar_free(cal);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kpi_calendar");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, friday_evening_to_monday);
    tcase_add_test(tc, default_calendar_cases);
    tcase_add_test(tc, holidays_extra_days_and_intervals);
    tcase_add_test(tc, random_pairs_against_brute_force);
    tcase_add_test(tc, additivity);
    tcase_add_test(tc, extreme_times);
    tcase_add_test(tc, add_working_time);
    tcase_add_test(tc, add_working_is_inverse);
    tcase_add_test(tc, builder_errors);
    tcase_add_test(tc, round_the_clock);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
