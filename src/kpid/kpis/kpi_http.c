/* Query-string helpers for the definitions endpoints. */
#include "kpid/kpis/kpi_http.h"

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
