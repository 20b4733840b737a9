/* Choice lists and the write-problem helper of the definitions endpoints. */
#include "kpid/kpis/kpi_http.h"

#include <stdarg.h>
#include <stdio.h>

const char *const kpid_owner_choices[] = {"marketing", "sales", "shared", NULL};
const char *const kpid_granularity_choices[] = {"month", "quarter", "year", NULL};

void kpid_write_problem(struct kpid_write_result *out, unsigned status, const char *slug,
                        const char *fmt, ...)
{
    char detail[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    json_decref(out->body);
    out->status = status;
    out->problem = true;
    out->body = kpid_problem_body(status, slug, NULL, detail);
}
