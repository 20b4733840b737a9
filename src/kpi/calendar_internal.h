/* The calendar's internal layout, shared by the builder and the working-time queries. */
#ifndef KPI_CALENDAR_INTERNAL_H
#define KPI_CALENDAR_INTERNAL_H

#include <stdint.h>

#include "kpi/calendar.h"

/* One day's hours, normalised: sorted, non-overlapping, in seconds after midnight. */
typedef struct kpi_day_hours {
    int n;
    int32_t start[KPI_CALENDAR_MAX_INTERVALS];
    int32_t end[KPI_CALENDAR_MAX_INTERVALS];
    int64_t total; /* working seconds in the day */
} kpi_day_hours;

struct kpi_calendar {
    kpi_day_hours week[7];  /* 0 = Monday */
    int64_t week_prefix[8]; /* working seconds of Monday..weekday-1; [7] is the whole week */
    size_t n_special;
    kpi_date *special_date;     /* sorted ascending, no duplicates, n_special entries */
    kpi_day_hours *special;     /* the hours of special_date[i] (a holiday has none) */
    int64_t *special_delta_sum; /* [i] = sum over special days before i of (own - weekday's) */
};

#endif
