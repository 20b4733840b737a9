/* The API's working calendar JSON ({"week", "holidays", "extra_workdays"}) <-> libkpi. */
#ifndef KPID_INGEST_CALENDAR_JSON_H
#define KPID_INGEST_CALENDAR_JSON_H

#include "kpi/calendar.h"

#include <jansson.h>

/*
 * Checks a calendar object (every weekday key mon..sun present, intervals [["HH:MM","HH:MM"]]
 * with start < end and none overlapping, real dates, no date both a holiday and an extra
 * working day, nothing unknown) and builds it. Returns the calendar (the caller frees it) or
 * NULL after appending field errors with pointers under `prefix` ("/calendar").
 */
kpi_calendar *kpid_calendar_from_json(const json_t *cal, const char *prefix, json_t *errors);

#endif
