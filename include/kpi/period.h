/* Reporting periods (2025-01, 2025-Q1, 2025, 2025-W07): parsing, bounds, navigation and maturity.
 */
#ifndef KPI_PERIOD_H
#define KPI_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#include "kpi/date.h"
#include "kpi/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kpi_period_kind {
    KPI_PERIOD_MONTH = 1,
    KPI_PERIOD_QUARTER,
    KPI_PERIOD_YEAR,
    KPI_PERIOD_WEEK /* ISO 8601 week: `year` is the ISO week-year, `index` the week 1..53 */
} kpi_period_kind;

/*
 * A period by value. `index` is the month 1..12, the quarter 1..4, the ISO week
 * 1..52 or 53, or 1 for a year; `year` is KPI_YEAR_MIN..KPI_YEAR_MAX. Build them with
 * kpi_period_parse or kpi_period_containing so they are always valid.
 */
typedef struct kpi_period {
    kpi_period_kind kind;
    int year;
    int index;
} kpi_period;

typedef enum kpi_maturity { KPI_MATURITY_PROVISIONAL = 0, KPI_MATURITY_FINAL } kpi_maturity;

/* Buffer size for kpi_period_format: "2025-W07" plus NUL. */
#define KPI_PERIOD_TEXT_SIZE 9

/* Most periods kpi_period_range returns (100 years of months). */
#define KPI_PERIOD_RANGE_MAX 1200

/*
 * Parses exactly "YYYY-MM", "YYYY-Qn", "YYYY-Www" or "YYYY" (upper-case Q and W,
 * two-digit month and week, a week the ISO week-year has, year 1970..9999);
 * anything else is KPI_ERR_INVALID (KPI_ERR_RANGE for a well-formed year outside
 * the range). `text` is borrowed, NUL-terminated.
 */
kpi_status kpi_period_parse(const char *text, kpi_period *out, kpi_error *err);

/* Writes the canonical id into `buf` (KPI_PERIOD_TEXT_SIZE bytes, NUL-terminated). */
void kpi_period_format(const kpi_period *p, char buf[KPI_PERIOD_TEXT_SIZE]);

/* "month", "quarter", "year", "week"; static storage. */
const char *kpi_period_kind_name(kpi_period_kind kind);

/* Parses "month", "quarter", "year" or "week". */
kpi_status kpi_period_kind_parse(const char *text, kpi_period_kind *out, kpi_error *err);

/* First local day of the period (its start is that day's 00:00 local time); a Monday for a
 * week. */
kpi_date kpi_period_start(const kpi_period *p);

/* First local day AFTER the period: the period is [start, end). */
kpi_date kpi_period_end(const kpi_period *p);

/* The period of `kind` that contains `date` (KPI_ERR_RANGE outside 1970..9999). */
kpi_status kpi_period_containing(kpi_period_kind kind, kpi_date date, kpi_period *out,
                                 kpi_error *err);

/*
 * The period `steps` periods after `p` (before it when negative), of the same
 * kind: steps = 1 is "next", -1 is "previous". KPI_ERR_RANGE when the result
 * leaves 1970..9999.
 */
kpi_status kpi_period_shift(const kpi_period *p, int steps, kpi_period *out, kpi_error *err);

/* -1, 0 or 1 as `a` starts before, together with, or after `b`; same kind only. */
int kpi_period_compare(const kpi_period *a, const kpi_period *b);

/*
 * Fills `out` (caller-owned, `cap` entries) with every period from `from` to
 * `to` inclusive and sets *count. Both must be of the same kind, `from` <= `to`
 * (else KPI_ERR_INVALID), and the count must fit in `cap` and
 * KPI_PERIOD_RANGE_MAX (else KPI_ERR_LIMIT).
 */
kpi_status kpi_period_range(const kpi_period *from, const kpi_period *to, kpi_period *out,
                            size_t cap, size_t *count, kpi_error *err);

/*
 * The months making up `p`, in order, into `out` (caller-owned, room for 12):
 * 1 for a month, 3 for a quarter, 12 for a year, none for a week (weeks cross
 * month ends). Returns the count.
 */
size_t kpi_period_months(const kpi_period *p, kpi_period out[12]);

/*
 * The date a result matures: period end + `lag_days` (lag_days >= 0; the
 * caller validates it). The result is final from that day's 00:00 local time.
 */
kpi_date kpi_period_matures_on(const kpi_period *p, int lag_days);

/* KPI_MATURITY_FINAL when as_of >= matures_on 00:00 local time, else provisional. */
kpi_maturity kpi_period_maturity(const kpi_period *p, int lag_days, kpi_local_time as_of);

/* "final" or "provisional"; static storage. */
const char *kpi_maturity_name(kpi_maturity maturity);

#ifdef __cplusplus
}
#endif

#endif
