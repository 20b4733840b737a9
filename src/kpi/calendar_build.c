/* Building calendars: validating day hours, collecting holidays and extra days, precomputing sums.
 */
#include "calendar_internal.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"

/* Dates a calendar may name: 1970-01-01 .. 9999-12-31. */
#define FIRST_DATE 0
#define LAST_DATE 2932896

typedef struct special_entry {
    kpi_date date;
    bool holiday;
    kpi_day_hours hours;
} special_entry;

struct kpi_calendar_builder {
    kpi_day_hours week[7];
    special_entry *special;
    size_t n_special, cap_special;
};

static int compare_intervals(const void *a, const void *b)
{
    const kpi_interval *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Validates intervals and stores them sorted, in seconds, with their total. */
static kpi_status normalise_day(const kpi_interval *intervals, size_t n, kpi_day_hours *out,
                                kpi_error *err)
{
    kpi_interval sorted[KPI_CALENDAR_MAX_INTERVALS];
    if (n > KPI_CALENDAR_MAX_INTERVALS)
        return kpi_fail(err, KPI_ERR_LIMIT, 0, "a day has more than %d intervals",
                        KPI_CALENDAR_MAX_INTERVALS);
    for (size_t i = 0; i < n; i++) {
        if (intervals[i].start < 0 || intervals[i].start >= intervals[i].end ||
            intervals[i].end > KPI_MINUTES_PER_DAY)
            return kpi_fail(err, KPI_ERR_INVALID, (int)i + 1,
                            "interval %zu must start before it ends, within 00:00..24:00", i + 1);
        sorted[i] = intervals[i];
    }
    if (n > 0)
        qsort(sorted, n, sizeof sorted[0], compare_intervals);
    out->n = (int)n;
    out->total = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && sorted[i].start < sorted[i - 1].end)
            return kpi_fail(err, KPI_ERR_INVALID, 0, "intervals of one day overlap");
        out->start[i] = sorted[i].start * 60;
        out->end[i] = sorted[i].end * 60;
        out->total += out->end[i] - out->start[i];
    }
    return KPI_OK;
}

kpi_calendar_builder *kpi_calendar_builder_new(void)
{
    return calloc(1, sizeof(kpi_calendar_builder));
}

void kpi_calendar_builder_free(kpi_calendar_builder *b)
{
    if (b != NULL)
        free(b->special);
    free(b);
}

kpi_status kpi_calendar_set_weekday(kpi_calendar_builder *b, int weekday,
                                    const kpi_interval *intervals, size_t n, kpi_error *err)
{
    kpi_day_hours hours;
    if (weekday < 0 || weekday > 6)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "weekday must be 0 (Monday) to 6 (Sunday)");
    kpi_status st = normalise_day(intervals, n, &hours, err);
    if (st == KPI_OK)
        b->week[weekday] = hours;
    return st;
}

/* Appends one special day after validating its date; the hours are already normalised. */
static kpi_status add_special(kpi_calendar_builder *b, kpi_date date, bool holiday,
                              const kpi_day_hours *hours, kpi_error *err)
{
    if (date < FIRST_DATE || date > LAST_DATE)
        return kpi_fail(err, KPI_ERR_RANGE, 0, "calendar dates must be in years %d..%d",
                        KPI_YEAR_MIN, KPI_YEAR_MAX);
    if (b->n_special == KPI_CALENDAR_MAX_SPECIAL_DAYS)
        return kpi_fail(err, KPI_ERR_LIMIT, 0, "more than %d holidays and extra days",
                        KPI_CALENDAR_MAX_SPECIAL_DAYS);
    if (b->n_special == b->cap_special) {
        size_t cap = b->cap_special ? b->cap_special * 2 : 16;
        special_entry *grown = realloc(b->special, cap * sizeof *grown);
        if (grown == NULL)
            return kpi_fail(err, KPI_ERR_NOMEM, 0, "out of memory");
        b->special = grown;
        b->cap_special = cap;
    }
    special_entry *e = &b->special[b->n_special++];
    e->date = date;
    e->holiday = holiday;
    e->hours = *hours;
    return KPI_OK;
}

kpi_status kpi_calendar_add_holiday(kpi_calendar_builder *b, kpi_date date, kpi_error *err)
{
    static const kpi_day_hours day_off = {0};
    return add_special(b, date, true, &day_off, err);
}

kpi_status kpi_calendar_add_extra_day(kpi_calendar_builder *b, kpi_date date,
                                      const kpi_interval *intervals, size_t n, kpi_error *err)
{
    kpi_day_hours hours;
    kpi_status st = normalise_day(intervals, n, &hours, err);
    return st == KPI_OK ? add_special(b, date, false, &hours, err) : st;
}

static int compare_special(const void *a, const void *b)
{
    const special_entry *x = a, *y = b;
    return (x->date > y->date) - (x->date < y->date);
}

void kpi_calendar_free(kpi_calendar *cal)
{
    if (cal != NULL) {
        free(cal->special_date);
        free(cal->special);
        free(cal->special_delta_sum);
    }
    free(cal);
}

/*
 * Sorts a copy of the special days and drops repeated holidays. A date given
 * twice any other way is ambiguous (which hours apply?) and is refused.
 */
static kpi_status sorted_special(const kpi_calendar_builder *b, special_entry **out, size_t *count,
                                 kpi_error *err)
{
    size_t n = 0;
    special_entry *s = malloc((b->n_special ? b->n_special : 1) * sizeof *s);
    if (s == NULL)
        return kpi_fail(err, KPI_ERR_NOMEM, 0, "out of memory");
    if (b->n_special > 0) {
        memcpy(s, b->special, b->n_special * sizeof *s);
        qsort(s, b->n_special, sizeof *s, compare_special);
    }
    for (size_t i = 0; i < b->n_special; i++) {
        if (n > 0 && s[n - 1].date == s[i].date) {
            if (s[n - 1].holiday && s[i].holiday)
                continue;
            char day[KPI_DATE_TEXT_SIZE];
            kpi_date_format(s[i].date, day);
            free(s);
            return kpi_fail(err, KPI_ERR_INVALID, 0,
                            "date %s is given twice as a holiday or an extra working day", day);
        }
        s[n++] = s[i];
    }
    *out = s;
    *count = n;
    return KPI_OK;
}

kpi_status kpi_calendar_build(const kpi_calendar_builder *b, kpi_calendar **out, kpi_error *err)
{
    special_entry *s = NULL;
    size_t n = 0;
    kpi_status st = sorted_special(b, &s, &n, err);
    if (st != KPI_OK)
        return st;
    kpi_calendar *cal = calloc(1, sizeof *cal);
    if (cal != NULL) {
        cal->special_date = malloc((n ? n : 1) * sizeof *cal->special_date);
        cal->special = malloc((n ? n : 1) * sizeof *cal->special);
        cal->special_delta_sum = malloc((n + 1) * sizeof *cal->special_delta_sum);
    }
    if (cal == NULL || cal->special_date == NULL || cal->special == NULL ||
        cal->special_delta_sum == NULL) {
        free(s);
        kpi_calendar_free(cal);
        return kpi_fail(err, KPI_ERR_NOMEM, 0, "out of memory");
    }
    memcpy(cal->week, b->week, sizeof cal->week);
    for (int d = 0; d < 7; d++)
        cal->week_prefix[d + 1] = cal->week_prefix[d] + cal->week[d].total;
    cal->n_special = n;
    cal->special_delta_sum[0] = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t usual = cal->week[kpi_date_weekday(s[i].date)].total;
        cal->special_date[i] = s[i].date;
        cal->special[i] = s[i].hours;
        cal->special_delta_sum[i + 1] = cal->special_delta_sum[i] + s[i].hours.total - usual;
    }
    free(s);
    *out = cal;
    return KPI_OK;
}

kpi_status kpi_calendar_new_default(kpi_calendar **out, kpi_error *err)
{
    static const kpi_interval office = {9 * 60, 18 * 60};
    kpi_calendar_builder *b = kpi_calendar_builder_new();
    if (b == NULL)
        return kpi_fail(err, KPI_ERR_NOMEM, 0, "out of memory");
    for (int d = 0; d < 5; d++)
        kpi_calendar_set_weekday(b, d, &office, 1, NULL); /* a valid constant interval */
    kpi_status st = kpi_calendar_build(b, out, err);
    kpi_calendar_builder_free(b);
    return st;
}
