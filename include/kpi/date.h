/* Civil dates, local wall-clock times and their strict text forms (YYYY-MM-DD, HH:MM). */
#ifndef KPI_DATE_H
#define KPI_DATE_H

#include <stdint.h>

#include "kpi/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Days since 1970-01-01 in the proleptic Gregorian calendar (negative before). */
typedef int32_t kpi_date;

/*
 * Seconds since 1970-01-01 00:00 in LOCAL WALL TIME (the workspace's zone),
 * not UTC: the daemon converts instants with PostgreSQL (`AT TIME ZONE`) so
 * libkpi never touches time zone rules. Day d starts at d * 86400.
 */
typedef int64_t kpi_local_time;

#define KPI_YEAR_MIN 1970
#define KPI_YEAR_MAX 9999
#define KPI_SECONDS_PER_DAY 86400
#define KPI_MINUTES_PER_DAY 1440

/* Buffer size for kpi_date_format: "YYYY-MM-DD" plus NUL. */
#define KPI_DATE_TEXT_SIZE 11

/*
 * The day number of year/month/day. No validation: month 1..12 and day
 * 1..days_in_month are the caller's duty (kpi_date_parse validates text).
 */
kpi_date kpi_date_from_ymd(int year, int month, int day);

/* Splits a day number into year, month (1..12) and day (1..31). */
void kpi_date_to_ymd(kpi_date date, int *year, int *month, int *day);

/* Days in a month of a year (28..31); month must be 1..12. */
int kpi_days_in_month(int year, int month);

/* Day of the week: 0 = Monday ... 6 = Sunday. */
int kpi_date_weekday(kpi_date date);

/* The local date on which a local wall-clock time falls. */
kpi_date kpi_local_date(kpi_local_time t);

/* The local wall-clock time `seconds` after midnight starting `date`. */
kpi_local_time kpi_local_time_at(kpi_date date, int64_t seconds);

/*
 * Parses exactly "YYYY-MM-DD" (4-digit year 1970..9999, real month and day,
 * nothing before or after). `text` is borrowed and must be NUL-terminated.
 */
kpi_status kpi_date_parse(const char *text, kpi_date *out, kpi_error *err);

/* Writes "YYYY-MM-DD" into `buf` (KPI_DATE_TEXT_SIZE bytes); for years 0..9999. */
void kpi_date_format(kpi_date date, char buf[KPI_DATE_TEXT_SIZE]);

/*
 * Parses exactly "HH:MM" (two digits each) into minutes after midnight,
 * 00:00..23:59, plus "24:00" (= 1440) so an interval may end at midnight.
 */
kpi_status kpi_time_of_day_parse(const char *text, int *minutes, kpi_error *err);

#ifdef __cplusplus
}
#endif

#endif
