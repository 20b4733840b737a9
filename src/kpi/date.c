/* Civil date arithmetic (days from civil and back) and strict date/time-of-day text forms. */
#include "kpi/date.h"

#include <stddef.h>

#include "error_internal.h"
#include "text_internal.h"

/* Floor division, because dates before 1970 and local times before midnight are negative. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Era-based algorithm: 400-year eras have a fixed length of 146097 days. */
kpi_date kpi_date_from_ymd(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12; /* March = 0, so the leap day ends the year */
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (kpi_date)(era * 146097 + doe - 719468);
}

void kpi_date_to_ymd(kpi_date date, int *year, int *month, int *day)
{
    int64_t z = (int64_t)date + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = m;
    *year = (int)(yoe + era * 400 + (m <= 2));
}

int kpi_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int kpi_date_weekday(kpi_date date)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    return (int)(((int64_t)date + 3 - floor_div((int64_t)date + 3, 7) * 7));
}

kpi_date kpi_local_date(kpi_local_time t)
{
    return (kpi_date)floor_div(t, KPI_SECONDS_PER_DAY);
}

kpi_local_time kpi_local_time_at(kpi_date date, int64_t seconds)
{
    return (kpi_local_time)date * KPI_SECONDS_PER_DAY + seconds;
}

kpi_status kpi_date_parse(const char *text, kpi_date *out, kpi_error *err)
{
    int y, m, d;
    if (text == NULL || !kpi_scan_digits(text, 4, &y) || text[4] != '-' ||
        !kpi_scan_digits(text + 5, 2, &m) || text[7] != '-' || !kpi_scan_digits(text + 8, 2, &d) ||
        text[10] != '\0')
        return kpi_fail(err, KPI_ERR_INVALID, 0, "date must be YYYY-MM-DD");
    if (m < 1 || m > 12 || d < 1 || d > kpi_days_in_month(y, m))
        return kpi_fail(err, KPI_ERR_INVALID, 0, "date %s does not exist", text);
    if (y < KPI_YEAR_MIN || y > KPI_YEAR_MAX)
        return kpi_fail(err, KPI_ERR_RANGE, 0, "year must be %d..%d", KPI_YEAR_MIN, KPI_YEAR_MAX);
    *out = kpi_date_from_ymd(y, m, d);
    return KPI_OK;
}

void kpi_date_format(kpi_date date, char buf[KPI_DATE_TEXT_SIZE])
{
    int y, m, d;
    kpi_date_to_ymd(date, &y, &m, &d);
    kpi_put_digits(buf, 4, y < 0 ? 0 : y);
    buf[4] = '-';
    kpi_put_digits(buf + 5, 2, m);
    buf[7] = '-';
    kpi_put_digits(buf + 8, 2, d);
    buf[10] = '\0';
}

kpi_status kpi_time_of_day_parse(const char *text, int *minutes, kpi_error *err)
{
    int h, m;
    if (text == NULL || !kpi_scan_digits(text, 2, &h) || text[2] != ':' ||
        !kpi_scan_digits(text + 3, 2, &m) || text[5] != '\0')
        return kpi_fail(err, KPI_ERR_INVALID, 0, "time of day must be HH:MM");
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return kpi_fail(err, KPI_ERR_INVALID, 0, "time of day %s does not exist", text);
    *minutes = h * 60 + m;
    return KPI_OK;
}
