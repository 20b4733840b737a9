/* Query-string and write-problem helpers for the definitions endpoints. */
#include "kpid/kpis/kpi_http.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const kpid_owner_choices[] = {"marketing", "sales", "shared", NULL};
const char *const kpid_granularity_choices[] = {"month", "quarter", "year", NULL};

enum kpid_outcome kpid_kpis_query_choice(struct kpid_request *req, const char *name,
                                         const char *const *choices, const char **out)
{
    const char *v = kpid_http_query(req, name);
    *out = NULL;
    if (v == NULL)
        return KPID_OK;
    char allowed[128] = "";
    for (const char *const *c = choices; *c != NULL; c++) {
        if (strcmp(*c, v) == 0) {
            *out = *c;
            return KPID_OK;
        }
        snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s",
                 c == choices ? "" : ", ", *c);
    }
    return kpid_http_problem(req, 422, "validation", NULL, "%s must be one of %s", name, allowed);
}

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
