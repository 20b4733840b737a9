/* ISO 8601 weeks: a week belongs to the week-year of its Thursday, so 2024-12-30 (a Monday
 * whose Thursday is 2025-01-02) starts 2025-W01 and a year has 53 weeks when it holds 53
 * Thursdays. */
#include "week_internal.h"

kpi_date kpi_week_start(int year, int week)
{
    /* January 4th always falls in week 1; its Monday starts the week-year. */
    kpi_date jan4 = kpi_date_from_ymd(year, 1, 4);
    return jan4 - kpi_date_weekday(jan4) + 7 * (week - 1);
}

int kpi_week_count(int year)
{
    return (kpi_week_start(year + 1, 1) - kpi_week_start(year, 1)) / 7;
}

void kpi_week_of(kpi_date date, int *year, int *week)
{
    kpi_date thursday = date - kpi_date_weekday(date) + 3;
    int month, day;
    kpi_date_to_ymd(thursday, year, &month, &day);
    *week = (thursday - kpi_date_from_ymd(*year, 1, 1)) / 7 + 1;
}
