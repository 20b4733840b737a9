/* ISO 8601 week arithmetic (weeks start on Monday; week 1 holds the year's first Thursday). */
#ifndef KPI_WEEK_INTERNAL_H
#define KPI_WEEK_INTERNAL_H

#include "kpi/date.h"

/* The Monday starting week `week` (1-based) of ISO week-year `year`. */
kpi_date kpi_week_start(int year, int week);

/* Weeks in ISO week-year `year`: 52 or 53. */
int kpi_week_count(int year);

/* The ISO week-year and week holding `date`. */
void kpi_week_of(kpi_date date, int *year, int *week);

#endif
