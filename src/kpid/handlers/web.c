/* Serves the dashboard: index.html at / and the files beside it at /ui/{file}, from the copies
 * compiled into kpid (src/kpid/web/), with the headers a browser needs to run them safely. */
#include "kpid/handlers/handlers.h"

#include "kpid/embedded.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define WEB_DIR "src/kpid/web/"

/* Scripts, styles and fetches from kpid itself only: no inline code, no other origin, never
 * framed. The page needs nothing else (charts draw on canvas, CSV downloads are blob: links). */
#define CSP                                                                                        \
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "                 \
    "frame-ancestors 'none'"

static const struct {
    const char *ext;
    const char *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *content_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot != NULL && i < sizeof content_types / sizeof content_types[0]; i++)
        if (strcmp(dot, content_types[i].ext) == 0)
            return content_types[i].type;
    return NULL;
}

/* A strong validator from the bytes (FNV-1a): it changes exactly when a new build changes
 * the file, so browsers revalidate cheaply and never run a stale script after an upgrade. */
static void etag_of(const struct kpid_embedded_file *f, char *out, size_t size)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < f->size; i++)
        h = (h ^ f->data[i]) * 1099511628211u;
    snprintf(out, size, "\"%016" PRIx64 "\"", h);
}

static enum kpid_outcome serve(struct kpid_request *req, const char *name)
{
    char path[128];
    const struct kpid_embedded_file *f = NULL;
    const char *type = content_type(name);
    if (type != NULL && snprintf(path, sizeof path, WEB_DIR "%s", name) < (int)sizeof path)
        f = kpid_embedded_find(path);
    if (f == NULL)
        return kpid_http_problem(req, 404, "not-found", NULL, "no resource at %s", req->path);

    char etag[24];
    etag_of(f, etag, sizeof etag);
    kpid_http_add_header(req, "ETag", etag);
    kpid_http_add_header(req, "Cache-Control", "no-cache");
    kpid_http_add_header(req, "Content-Security-Policy", CSP);
    kpid_http_add_header(req, "X-Content-Type-Options", "nosniff");
    kpid_http_add_header(req, "Referrer-Policy", "no-referrer");
    const char *inm = kpid_http_header(req, "If-None-Match");
    if (inm != NULL && strstr(inm, etag) != NULL)
        return kpid_http_reply_bytes(req, 304, NULL, "", 0);
    return kpid_http_reply_bytes(req, 200, type, f->data, f->size);
}

enum kpid_outcome kpid_h_dashboard_get(struct kpid_request *req)
{
    return serve(req, "index.html");
}

enum kpid_outcome kpid_h_dashboard_file_get(struct kpid_request *req)
{
    return serve(req, kpid_http_param(req, 0));
}
