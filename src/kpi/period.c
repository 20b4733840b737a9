/* Reporting periods: strict ids, bounds as local dates, navigation by ordinal, maturity. */
#include "kpi/period.h"

#include <string.h>

#include "error_internal.h"
#include "names_internal.h"
#include "text_internal.h"
#include "week_internal.h"

static const char *const PERIOD_FORMS = "period must be YYYY-MM, YYYY-Qn, YYYY-Www or YYYY";

/* Periods of this kind in one year. */
static int per_year(kpi_period_kind kind)
{
    return kind == KPI_PERIOD_MONTH ? 12 : kind == KPI_PERIOD_QUARTER ? 4 : 1;
}

/* Months in one period of this kind. */
static int months_in(kpi_period_kind kind)
{
    return 12 / per_year(kind);
}

/* Weeks are numbered from the Monday 1969-12-29, day -3, which starts 1970-W01. */
#define WEEK_ZERO (-3)

/* Position on a single line of periods of one kind; consecutive periods differ by 1. */
static int64_t ordinal(const kpi_period *p)
{
    if (p->kind == KPI_PERIOD_WEEK)
        return ((int64_t)kpi_week_start(p->year, p->index) - WEEK_ZERO) / 7;
    return (int64_t)p->year * per_year(p->kind) + (p->index - 1);
}

/* The week at ordinal `ord`, when its week-year is in range. */
static kpi_status week_from_ordinal(int64_t ord, kpi_period *out, kpi_error *err)
{
    int64_t monday = ord * 7 + WEEK_ZERO; /* ord is bounded by an int's steps: no overflow */
    if (ord < 0 || monday >= kpi_week_start(KPI_YEAR_MAX + 1, 1))
        return kpi_fail(err, KPI_ERR_RANGE, 0, "period outside years %d..%d", KPI_YEAR_MIN,
                        KPI_YEAR_MAX);
    out->kind = KPI_PERIOD_WEEK;
    kpi_week_of((kpi_date)monday, &out->year, &out->index);
    return KPI_OK;
}

static kpi_status from_ordinal(kpi_period_kind kind, int64_t ord, kpi_period *out, kpi_error *err)
{
    if (kind == KPI_PERIOD_WEEK)
        return week_from_ordinal(ord, out, err);
    int n = per_year(kind);
    int64_t year = ord / n; /* ord stays positive for every year the range allows */
    if (ord < (int64_t)KPI_YEAR_MIN * n || year > KPI_YEAR_MAX)
        return kpi_fail(err, KPI_ERR_RANGE, 0, "period outside years %d..%d", KPI_YEAR_MIN,
                        KPI_YEAR_MAX);
    out->kind = kind;
    out->year = (int)year;
    out->index = (int)(ord % n) + 1;
    return KPI_OK;
}

kpi_status kpi_period_parse(const char *text, kpi_period *out, kpi_error *err)
{
    kpi_period p;
    size_t len = text == NULL ? 0 : strnlen(text, KPI_PERIOD_TEXT_SIZE);
    if (len < 4 || !kpi_scan_digits(text, 4, &p.year))
        return kpi_fail(err, KPI_ERR_INVALID, 0, "%s", PERIOD_FORMS);
    if (len == 4) {
        p.kind = KPI_PERIOD_YEAR;
        p.index = 1;
    } else if (len == 7 && text[4] == '-' && text[5] == 'Q' &&
               kpi_scan_digits(text + 6, 1, &p.index) && p.index >= 1 && p.index <= 4) {
        p.kind = KPI_PERIOD_QUARTER;
    } else if (len == 7 && text[4] == '-' && kpi_scan_digits(text + 5, 2, &p.index) &&
               p.index >= 1 && p.index <= 12) {
        p.kind = KPI_PERIOD_MONTH;
    } else if (len == 8 && text[4] == '-' && text[5] == 'W' &&
               kpi_scan_digits(text + 6, 2, &p.index) && p.index >= 1 &&
               p.index <= kpi_week_count(p.year)) {
        p.kind = KPI_PERIOD_WEEK;
    } else {
        return kpi_fail(err, KPI_ERR_INVALID, 0, "%s", PERIOD_FORMS);
    }
    if (p.year < KPI_YEAR_MIN || p.year > KPI_YEAR_MAX)
        return kpi_fail(err, KPI_ERR_RANGE, 0, "period year must be %d..%d", KPI_YEAR_MIN,
                        KPI_YEAR_MAX);
    *out = p;
    return KPI_OK;
}

/* Writes the part after the year: `sep`, then the index in `digits` digits, then NUL. */
static void put_index(char *after_year, const char *sep, int digits, int index)
{
    size_t n = strlen(sep);
    memcpy(after_year, sep, n);
    kpi_put_digits(after_year + n, digits, index);
    after_year[n + (size_t)digits] = '\0';
}

void kpi_period_format(const kpi_period *p, char buf[KPI_PERIOD_TEXT_SIZE])
{
    kpi_put_digits(buf, 4, p->year);
    switch (p->kind) {
    case KPI_PERIOD_MONTH:
        put_index(buf + 4, "-", 2, p->index);
        break;
    case KPI_PERIOD_QUARTER:
        put_index(buf + 4, "-Q", 1, p->index);
        break;
    case KPI_PERIOD_YEAR:
        buf[4] = '\0';
        break;
    case KPI_PERIOD_WEEK:
        put_index(buf + 4, "-W", 2, p->index);
        break;
    }
}

/* Indexed by kind - 1. */
static const char *const KINDS[] = {"month", "quarter", "year", "week"};
#define N_KINDS (sizeof KINDS / sizeof KINDS[0])

const char *kpi_period_kind_name(kpi_period_kind kind)
{
    return kpi_name_of(KINDS, N_KINDS, (int)kind - 1);
}

kpi_status kpi_period_kind_parse(const char *text, kpi_period_kind *out, kpi_error *err)
{
    int i = kpi_name_index(KINDS, N_KINDS, text);
    if (i < 0)
        return kpi_fail(err, KPI_ERR_INVALID, 0,
                        "granularity must be month, quarter, year or week");
    *out = (kpi_period_kind)(i + 1);
    return KPI_OK;
}

/* First month (1..12) of the period. */
static int first_month(const kpi_period *p)
{
    return (p->index - 1) * months_in(p->kind) + 1;
}

kpi_date kpi_period_start(const kpi_period *p)
{
    if (p->kind == KPI_PERIOD_WEEK)
        return kpi_week_start(p->year, p->index);
    return kpi_date_from_ymd(p->year, first_month(p), 1);
}

kpi_date kpi_period_end(const kpi_period *p)
{
    if (p->kind == KPI_PERIOD_WEEK)
        return kpi_week_start(p->year, p->index) + 7;
    int month0 = first_month(p) - 1 + months_in(p->kind); /* 0-based month after the period */
    return kpi_date_from_ymd(p->year + month0 / 12, month0 % 12 + 1, 1);
}

kpi_status kpi_period_containing(kpi_period_kind kind, kpi_date date, kpi_period *out,
                                 kpi_error *err)
{
    if (kind == KPI_PERIOD_WEEK) {
        int64_t days = (int64_t)date - WEEK_ZERO; /* negative: before 1970-W01, out of range */
        return week_from_ordinal(days < 0 ? -1 : days / 7, out, err);
    }
    int y, m, d;
    kpi_date_to_ymd(date, &y, &m, &d);
    return from_ordinal(kind, (int64_t)y * per_year(kind) + (m - 1) / months_in(kind), out, err);
}

kpi_status kpi_period_shift(const kpi_period *p, int steps, kpi_period *out, kpi_error *err)
{
    return from_ordinal(p->kind, ordinal(p) + steps, out, err);
}

int kpi_period_compare(const kpi_period *a, const kpi_period *b)
{
    int64_t x = ordinal(a), y = ordinal(b);
    return (x > y) - (x < y);
}

kpi_status kpi_period_range(const kpi_period *from, const kpi_period *to, kpi_period *out,
                            size_t cap, size_t *count, kpi_error *err)
{
    if (from->kind != to->kind)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "both ends of a range must be the same kind");
    int64_t first = ordinal(from), n = ordinal(to) - first + 1;
    if (n < 1)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "range ends before it starts");
    if ((uint64_t)n > cap || n > KPI_PERIOD_RANGE_MAX)
        return kpi_fail(err, KPI_ERR_LIMIT, 0, "range holds more than %zu periods",
                        cap < KPI_PERIOD_RANGE_MAX ? cap : (size_t)KPI_PERIOD_RANGE_MAX);
    for (int64_t i = 0; i < n; i++)
        from_ordinal(from->kind, first + i, &out[i], NULL); /* inside [from, to]: cannot fail */
    *count = (size_t)n;
    return KPI_OK;
}

size_t kpi_period_months(const kpi_period *p, kpi_period out[12])
{
    if (p->kind == KPI_PERIOD_WEEK)
        return 0;
    int n = months_in(p->kind), m0 = first_month(p);
    for (int i = 0; i < n; i++) {
        out[i].kind = KPI_PERIOD_MONTH;
        out[i].year = p->year;
        out[i].index = m0 + i;
    }
    return (size_t)n;
}

kpi_date kpi_period_matures_on(const kpi_period *p, int lag_days)
{
    return kpi_period_end(p) + lag_days;
}

kpi_maturity kpi_period_maturity(const kpi_period *p, int lag_days, kpi_local_time as_of)
{
    kpi_local_time matures = kpi_local_time_at(kpi_period_matures_on(p, lag_days), 0);
    return as_of >= matures ? KPI_MATURITY_FINAL : KPI_MATURITY_PROVISIONAL;
}

const char *kpi_maturity_name(kpi_maturity maturity)
{
    return maturity == KPI_MATURITY_FINAL ? "final" : "provisional";
}
