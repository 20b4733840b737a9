/* Matches a request against the route table and answers 404, 405 and OPTIONS centrally. */
#include "kpid/http/router.h"

#include "kpid/http/auth.h"
#include "kpid/http/cors.h"
#include "kpid/http/read_route.h"

#include <stdio.h>
#include <string.h>

size_t kpid_route_count(void)
{
    size_t n = 0;
    while (kpid_routes[n].method != NULL)
        n++;
    return n;
}

/*
 * Matches path against pattern segment by segment, copying each {param} value into
 * req->param_buf. Returns false on a mismatch (and leaves no params set).
 */
static bool match(struct kpid_request *req, const char *pattern, const char *path)
{
    size_t nparams = 0, used = 0;
    const char *p = pattern, *s = path;
    while (*p != '\0' && *s != '\0') {
        if (*p == '{') {
            const char *seg_end = strchr(s, '/');
            size_t len = seg_end ? (size_t)(seg_end - s) : strlen(s);
            if (len == 0 || nparams == KPID_MAX_PATH_PARAMS ||
                used + len + 1 > sizeof req->param_buf)
                return false;
            memcpy(req->param_buf + used, s, len);
            req->param_buf[used + len] = '\0';
            req->params[nparams++] = req->param_buf + used;
            used += len + 1;
            s += len;
            p = strchr(p, '}');
            if (p == NULL)
                return false;
            p++;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    return *p == '\0' && *s == '\0';
}

static bool method_is(const struct kpid_route *r, const char *method)
{
    return strcmp(r->method, method) == 0 ||
           (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
}

/* Lists the methods the path answers, for Allow and CORS preflight. */
static void allowed_methods(struct kpid_request *req, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const struct kpid_route *r = kpid_routes; r->method != NULL; r++) {
        if (!match(req, r->pattern, req->path))
            continue;
        used += (size_t)snprintf(buf + used, size - used, "%s, ", r->method);
        if (strcmp(r->method, "GET") == 0)
            used += (size_t)snprintf(buf + used, size - used, "HEAD, ");
        if (used >= size)
            break;
    }
    snprintf(buf + (used < size ? used : size - 1), size - (used < size ? used : size - 1),
             "OPTIONS");
}

size_t kpid_router_body_max(const char *method, const char *path, size_t configured)
{
    for (const struct kpid_route_body_limit *l = kpid_route_body_limits; l->method != NULL; l++)
        if (strcmp(l->method, method) == 0 && strcmp(l->path, path) == 0 &&
            l->max_bytes > configured)
            return l->max_bytes;
    return configured;
}

enum kpid_outcome kpid_router_dispatch(struct kpid_request *req)
{
    bool path_known = false;
    for (const struct kpid_route *r = kpid_routes; r->method != NULL; r++) {
        if (!match(req, r->pattern, req->path))
            continue;
        path_known = true;
        if (!method_is(r, req->method))
            continue;
        req->route = r;
        enum kpid_outcome rc = kpid_auth_check(req, r->scope);
        if (rc == KPID_OK)
            rc = kpid_http_route_read(req);
        if (rc != KPID_OK)
            return rc;
        return r->handler(req);
    }
    if (!path_known)
        return kpid_http_problem(req, 404, "not-found", NULL, "no resource at %s", req->path);

    char allow[160];
    allowed_methods(req, allow, sizeof allow);
    if (strcmp(req->method, "OPTIONS") == 0)
        return kpid_cors_options(req, allow);
    kpid_http_add_header(req, MHD_HTTP_HEADER_ALLOW, allow);
    return kpid_http_problem(req, 405, "method-not-allowed", NULL,
                             "%s is not allowed here; allowed: %s", req->method, allow);
}
