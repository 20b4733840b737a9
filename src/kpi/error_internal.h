/* Internal helper shared by libkpi modules to fill a kpi_error. */
#ifndef KPI_ERROR_INTERNAL_H
#define KPI_ERROR_INTERNAL_H

#include "kpi/error.h"

/*
 * Fills `err` (when not NULL) with status, position and a printf-formatted
 * message, and returns `status` so callers can write `return kpi_fail(...)`.
 */
kpi_status kpi_fail(kpi_error *err, kpi_status status, int position, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
