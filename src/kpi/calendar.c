/* Working-time queries: a cumulative working-seconds function and its inverse. */
#include "calendar_internal.h"

#include <math.h>

#include "error_internal.h"

/* Supported days: 0001-01-01 .. 10000-01-01, so every sum below fits in int64. */
#define DAY_MIN (-719162)
#define DAY_MAX 2932897

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Index of the first special day on or after `day` (binary search). */
static size_t special_lower_bound(const kpi_calendar *cal, kpi_date day)
{
    size_t lo = 0, hi = cal->n_special;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->special_date[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * Working seconds from the origin Monday (1969-12-29) to the start of `day`,
 * and the hours of `day` itself. Whole weeks are multiplied, the days of the
 * current week come from a prefix sum, and special days before `day` add
 * their precomputed difference from an ordinary week.
 */
static int64_t seconds_before_day(const kpi_calendar *cal, int64_t day, const kpi_day_hours **hours)
{
    int64_t e = day + 3; /* 1970-01-01 is a Thursday: day -3 is Monday */
    int64_t weeks = floor_div(e, 7);
    int wd = (int)(e - weeks * 7);
    size_t k = special_lower_bound(cal, (kpi_date)day);
    if (hours != NULL)
        *hours =
            (k < cal->n_special && cal->special_date[k] == day) ? &cal->special[k] : &cal->week[wd];
    return weeks * cal->week_prefix[7] + cal->week_prefix[wd] + cal->special_delta_sum[k];
}

/* Working seconds of one day that fall before `second` after its midnight. */
static int64_t seconds_within_day(const kpi_day_hours *h, int64_t second)
{
    int64_t sum = 0;
    for (int i = 0; i < h->n && second > h->start[i]; i++)
        sum += (second < h->end[i] ? second : h->end[i]) - h->start[i];
    return sum;
}

/* Working seconds from the origin to `t`: nondecreasing, so differences are additive. */
static int64_t working_seconds_at(const kpi_calendar *cal, kpi_local_time t)
{
    const int64_t lo = (int64_t)DAY_MIN * KPI_SECONDS_PER_DAY;
    const int64_t hi = (int64_t)DAY_MAX * KPI_SECONDS_PER_DAY;
    t = t < lo ? lo : t > hi ? hi : t;
    int64_t day = floor_div(t, KPI_SECONDS_PER_DAY);
    const kpi_day_hours *hours;
    int64_t before = seconds_before_day(cal, day, &hours);
    return before + seconds_within_day(hours, t - day * KPI_SECONDS_PER_DAY);
}

double kpi_calendar_working_minutes(const kpi_calendar *cal, kpi_local_time from, kpi_local_time to)
{
    if (to <= from)
        return 0.0;
    return (double)(working_seconds_at(cal, to) - working_seconds_at(cal, from)) / 60.0;
}

kpi_status kpi_calendar_add_working(const kpi_calendar *cal, kpi_local_time t, double minutes,
                                    kpi_local_time *out, kpi_error *err)
{
    if (!isfinite(minutes) || minutes < 0 || minutes > KPI_CALENDAR_MAX_ADD_MINUTES)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "working minutes to add must be 0..%.0f",
                        KPI_CALENDAR_MAX_ADD_MINUTES);
    int64_t amount = llround(minutes * 60.0);
    if (amount == 0) {
        *out = t;
        return KPI_OK;
    }
    int64_t target = working_seconds_at(cal, t) + amount;
    int64_t first = floor_div(t, KPI_SECONDS_PER_DAY);
    first = first < DAY_MIN ? DAY_MIN : first;
    if (first >= DAY_MAX)
        return kpi_fail(err, KPI_ERR_RANGE, 0, "time is after year 9999");
    /*
     * Find the first day whose end reaches the target: gallop forward by
     * doubling steps, then bisect. Working seconds never decrease with the
     * day, so both searches are sound.
     */
    int64_t lo = first, step = 1;
    while (seconds_before_day(cal, lo + step, NULL) < target) {
        lo += step;
        if (lo >= DAY_MAX)
            return kpi_fail(err, KPI_ERR_RANGE, 0,
                            "the calendar has too little working time before year 10000");
        step = lo + step * 2 > DAY_MAX ? DAY_MAX - lo : step * 2;
    }
    int64_t hi = lo + step; /* the target day is in [lo, hi) */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (seconds_before_day(cal, mid, NULL) < target)
            lo = mid;
        else
            hi = mid;
    }
    const kpi_day_hours *h;
    int64_t left = target - seconds_before_day(cal, lo, &h);
    int i = 0;
    while (left > h->end[i] - h->start[i]) {
        left -= h->end[i] - h->start[i];
        i++;
    }
    *out = lo * KPI_SECONDS_PER_DAY + h->start[i] + left;
    return KPI_OK;
}
