/* The unauthenticated service endpoints: liveness, readiness, metrics (the service's and the
 * webhook inbox's), the API description. */
#include "kpid/handlers/handlers.h"

#include "kpid/store/migrate.h"
#include "kpid/handlers/webhook_metrics.h"
#include "kpid/embedded.h"
#include "kpid/http/service_metrics.h"
#include "kpid/http/server.h"

enum kpid_outcome kpid_h_healthz_get(struct kpid_request *req)
{
    return kpid_http_reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

enum kpid_outcome kpid_h_readyz_get(struct kpid_request *req)
{
    if (atomic_load(&req->server->draining))
        return kpid_http_problem(req, 503, "shutting-down", NULL, "kpid is shutting down");
    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    char err[256] = "";
    int current = kpid_migrations_current(db, err, sizeof err);
    if (current < 0)
        return kpid_http_problem(req, 503, "not-ready", NULL, "not ready: %s", err);
    if (current == 0)
        return kpid_http_problem(req, 503, "not-ready", NULL,
                                 "not ready: migrations are pending (run kpid migrate)");
    return kpid_http_reply_json(req, 200, json_pack("{s:s}", "status", "ready"));
}

enum kpid_outcome kpid_h_metrics_get(struct kpid_request *req)
{
    size_t len;
    char *text = kpid_service_metrics_render(&len);
    struct kpid_db *db;
    /* without the database, the service's own metrics still answer */
    if (text != NULL && kpid_http_db_try(req, &db) == KPID_DB_OK)
        text = kpid_webhook_metrics_append(db, text, &len);
    if (text == NULL)
        return kpid_http_problem(req, 500, "internal", NULL, "out of memory");
    return kpid_http_reply_buffer(req, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
}

enum kpid_outcome kpid_h_openapi_get(struct kpid_request *req)
{
    const struct kpid_embedded_file *f = kpid_embedded_find("openapi.yaml");
    if (f == NULL)
        return kpid_http_problem(req, 404, "not-found", NULL, "no API description built in");
    return kpid_http_reply_bytes(req, 200, "application/yaml", f->data, f->size);
}
