/* Decides whether a browser origin may call kpid and writes the CORS response headers. */
#include "kpid/http/cors.h"

#include "kpid/http/server.h"

#include <string.h>

static bool origin_allowed(const struct kpid_request *req, const char *origin)
{
    const char *list = req->server->config->cors_origins;
    if (list == NULL || origin == NULL)
        return false;
    size_t olen = strlen(origin);
    for (const char *p = list; *p != '\0';) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = p;
        while (*end != '\0' && *end != ',')
            end++;
        size_t len = (size_t)(end - p);
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if ((len == 1 && p[0] == '*') || (len == olen && len > 0 && memcmp(p, origin, len) == 0))
            return true;
        p = end;
    }
    return false;
}

void kpid_cors_add_headers(const struct kpid_request *req, struct MHD_Response *resp)
{
    const char *origin = kpid_http_header(req, "Origin");
    if (!origin_allowed(req, origin))
        return;
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
    MHD_add_response_header(resp, "Vary", "Origin");
    MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                            "X-Request-Id, Retry-After, Location, Idempotency-Replayed");
}

enum kpid_outcome kpid_cors_options(struct kpid_request *req, const char *allow)
{
    kpid_http_add_header(req, MHD_HTTP_HEADER_ALLOW, allow);
    if (kpid_http_header(req, "Access-Control-Request-Method") != NULL &&
        origin_allowed(req, kpid_http_header(req, "Origin"))) {
        kpid_http_add_header(req, "Access-Control-Allow-Methods", allow);
        kpid_http_add_header(req, "Access-Control-Allow-Headers",
                             "Authorization, Content-Type, Idempotency-Key, X-Request-Id");
        kpid_http_add_header(req, "Access-Control-Max-Age", "600");
    }
    return kpid_http_reply_bytes(req, 204, NULL, "", 0);
}
