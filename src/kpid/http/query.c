/* Parses query-string parameters, answering 422 with the parameter's name when malformed. */
#include "kpid/http/query.h"

#include "kpid/json/fields.h"

#include <stdio.h>
#include <string.h>

enum kpid_outcome kpid_query_choice(struct kpid_request *req, const char *name,
                                    const char *const *choices, const char **out)
{
    *out = kpid_http_query(req, name);
    if (*out == NULL)
        return KPID_OK;
    char allowed[160] = "";
    for (const char *const *c = choices; *c != NULL; c++) {
        if (strcmp(*c, *out) == 0)
            return KPID_OK;
        size_t used = strlen(allowed);
        snprintf(allowed + used, sizeof allowed - used, "%s%s", c == choices ? "" : ", ", *c);
    }
    return kpid_http_problem(req, 422, "validation", NULL, "%s must be one of %s", name, allowed);
}

enum kpid_outcome kpid_query_bool(struct kpid_request *req, const char *name, const char **out)
{
    static const char *const booleans[] = {"true", "false", NULL};
    return kpid_query_choice(req, name, booleans, out);
}

/* *out = the parameter; 422 "<name> must be <what>" unless absent or valid(*out). */
static enum kpid_outcome checked(struct kpid_request *req, const char *name,
                                 bool (*valid)(const char *), const char *what, const char **out)
{
    *out = kpid_http_query(req, name);
    if (*out != NULL && !valid(*out))
        return kpid_http_problem(req, 422, "validation", NULL, "%s must be %s", name, what);
    return KPID_OK;
}

enum kpid_outcome kpid_query_timestamp(struct kpid_request *req, const char *name, const char **out)
{
    return checked(req, name, kpid_is_timestamp, "an RFC 3339 timestamp with an offset", out);
}

enum kpid_outcome kpid_query_date(struct kpid_request *req, const char *name, const char **out)
{
    return checked(req, name, kpid_is_date, "a date YYYY-MM-DD", out);
}
