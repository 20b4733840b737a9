/* Status names and the one place that formats kpi_error messages. */
#include "error_internal.h"

#include <stdarg.h>
#include <stdio.h>

const char *kpi_status_name(kpi_status status)
{
    switch (status) {
    case KPI_OK:
        return "ok";
    case KPI_ERR_INVALID:
        return "invalid";
    case KPI_ERR_RANGE:
        return "range";
    case KPI_ERR_SYNTAX:
        return "syntax";
    case KPI_ERR_UNKNOWN:
        return "unknown";
    case KPI_ERR_LIMIT:
        return "limit";
    case KPI_ERR_NOMEM:
        return "nomem";
    }
    return "unknown-status";
}

kpi_status kpi_fail(kpi_error *err, kpi_status status, int position, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        err->status = status;
        err->position = position;
        va_start(ap, fmt);
        /* vsnprintf only formats into memory; a long message is cut, never overflows. */
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}
