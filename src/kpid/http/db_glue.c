/* Connects requests to the database pool: take a connection, map database failures to
 * HTTP replies. */
#include "kpid/store/db.h"
#include "kpid/http/request.h"
#include "kpid/http/server.h"

enum kpid_db_status kpid_http_db_try(struct kpid_request *req, struct kpid_db **out)
{
    enum kpid_db_status st = KPID_DB_OK;
    if (req->db == NULL)
        req->db = kpid_db_acquire(req->server->pool, req->server->config->db_wait_ms, &st);
    *out = req->db;
    return req->db ? KPID_DB_OK : st;
}

enum kpid_outcome kpid_http_db(struct kpid_request *req, struct kpid_db **out)
{
    enum kpid_db_status st = kpid_http_db_try(req, out);
    return st == KPID_DB_OK ? KPID_OK : kpid_http_db_failed(req, st);
}

enum kpid_outcome kpid_http_db_failed(struct kpid_request *req, int db_status)
{
    switch ((enum kpid_db_status)db_status) {
    case KPID_DB_RETRY:     /* serialization failures and deadlocks, after kpid's reruns */
    case KPID_DB_CONTENDED: /* lock or statement timeout */
        return kpid_http_problem(req, 503, "busy", NULL,
                                 "the service is busy; retry after the Retry-After delay");
    case KPID_DB_UNAVAILABLE:
        return kpid_http_problem(req, 503, "database-unavailable", NULL,
                                 "the database is unavailable; retry after the Retry-After "
                                 "delay");
    case KPID_DB_INVALID:
        return kpid_http_problem(req, 422, "invalid-value", NULL,
                                 "a value in the request is not valid here");
    case KPID_DB_UNIQUE:
        return kpid_http_problem(req, 409, "conflict", NULL,
                                 "the request conflicts with an existing resource");
    case KPID_DB_OK:
    case KPID_DB_ERROR:
    default:
        return kpid_http_problem(req, 500, "internal", NULL,
                                 "internal error; the request id identifies it in the logs");
    }
}
