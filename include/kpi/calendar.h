/* Working time: a weekly schedule with holidays and extra working days, and working minutes. */
#ifndef KPI_CALENDAR_H
#define KPI_CALENDAR_H

#include <stddef.h>

#include "kpi/date.h"
#include "kpi/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most working intervals on one day. */
#define KPI_CALENDAR_MAX_INTERVALS 8

/* Most holidays plus extra working days in one calendar. */
#define KPI_CALENDAR_MAX_SPECIAL_DAYS 100000

/* Most minutes kpi_calendar_add_working accepts (about 1900 years of full days). */
#define KPI_CALENDAR_MAX_ADD_MINUTES 1e9

/*
 * Working hours on one day: [start, end) in minutes after local midnight,
 * 0 <= start < end <= 1440 ("24:00" ends a day at midnight).
 */
typedef struct kpi_interval {
    int start;
    int end;
} kpi_interval;

/*
 * A finished calendar: immutable, so one instance may be shared by any number
 * of threads without locking. Create it with kpi_calendar_build or
 * kpi_calendar_new_default; release it with kpi_calendar_free.
 */
typedef struct kpi_calendar kpi_calendar;

/* Collects a calendar's parts; single-threaded; released with kpi_calendar_builder_free. */
typedef struct kpi_calendar_builder kpi_calendar_builder;

/* A builder whose week has no working time; NULL when out of memory. */
kpi_calendar_builder *kpi_calendar_builder_new(void);

/* Releases a builder; NULL is allowed. Calendars built from it stay valid. */
void kpi_calendar_builder_free(kpi_calendar_builder *b);

/*
 * Sets the hours of every `weekday` (0 = Monday ... 6 = Sunday), replacing
 * any earlier setting; n = 0 makes it a day off. `intervals` (borrowed, may be
 * unsorted) must not overlap; touching intervals ([09:00,13:00) and
 * [13:00,18:00)) are fine.
 */
kpi_status kpi_calendar_set_weekday(kpi_calendar_builder *b, int weekday,
                                    const kpi_interval *intervals, size_t n, kpi_error *err);

/* Makes `date` (1970..9999) a day off whatever its weekday. A repeated holiday is harmless. */
kpi_status kpi_calendar_add_holiday(kpi_calendar_builder *b, kpi_date date, kpi_error *err);

/*
 * Gives `date` (1970..9999) its own hours instead of its weekday's (for a
 * transferred working Saturday). Intervals as for kpi_calendar_set_weekday.
 */
kpi_status kpi_calendar_add_extra_day(kpi_calendar_builder *b, kpi_date date,
                                      const kpi_interval *intervals, size_t n, kpi_error *err);

/*
 * Builds a new calendar from `b` (borrowed; it may be reused or freed after).
 * Fails with KPI_ERR_INVALID when a date is both a holiday and an extra day
 * or an extra day twice. On success *out is owned by the caller.
 */
kpi_status kpi_calendar_build(const kpi_calendar_builder *b, kpi_calendar **out, kpi_error *err);

/* The default calendar, Monday-Friday 09:00-18:00 without holidays; caller owns *out. */
kpi_status kpi_calendar_new_default(kpi_calendar **out, kpi_error *err);

/* Releases a calendar; NULL is allowed. */
void kpi_calendar_free(kpi_calendar *cal);

/*
 * Working minutes between two local wall-clock times: the seconds of
 * [from, to) that fall inside working intervals, divided by 60 (so the result
 * may be fractional). 0 when to <= from. Additive: for a <= b <= c,
 * wm(a, c) == wm(a, b) + wm(b, c) exactly. Times outside years 1..9999 are
 * clamped to that range. Cost does not grow with the span (whole weeks are
 * counted arithmetically, holidays by binary search).
 */
double kpi_calendar_working_minutes(const kpi_calendar *cal, kpi_local_time from,
                                    kpi_local_time to);

/*
 * The earliest local time at which `minutes` working minutes have passed
 * since `t` (minutes is rounded to whole seconds; 0 gives `t`). An amount
 * that ends exactly at the end of an interval gives that end (18:00 Friday,
 * not 09:00 Monday). KPI_ERR_INVALID for a negative or non-finite amount or
 * one above KPI_CALENDAR_MAX_ADD_MINUTES; KPI_ERR_RANGE when the calendar
 * has too little working time before year 10000.
 */
kpi_status kpi_calendar_add_working(const kpi_calendar *cal, kpi_local_time t, double minutes,
                                    kpi_local_time *out, kpi_error *err);

#ifdef __cplusplus
}
#endif

#endif
