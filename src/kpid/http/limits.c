/* Admits a request against its key's rate and its workspace's share of the pool, and
 * answers limit-exceeded refusals. */
#include "kpid/http/limits.h"

#include "kpid/store/db.h"
#include "kpid/http/server.h"
#include "kpid/limits/rate.h"

#include <stdio.h>

enum kpid_outcome kpid_limits_admit_key(struct kpid_request *req, uint64_t rate_key)
{
    unsigned retry_after;
    if (kpid_rate_admit(rate_key, kpid_http_now_ns(), &retry_after))
        return KPID_OK;
    char value[16];
    snprintf(value, sizeof value, "%u", retry_after);
    kpid_http_add_header(req, MHD_HTTP_HEADER_RETRY_AFTER, value);
    json_t *body = kpid_problem_body(429, "rate-limited", NULL,
                                     "this API key sent more requests per second than its "
                                     "workspace allows; retry after the Retry-After delay");
    json_object_set_new(body, "limit", json_string("requests_per_second"));
    return kpid_http_reply_json(req, 429, body);
}

enum kpid_outcome kpid_limits_admit_workspace(struct kpid_request *req, uint64_t rate_key)
{
    const struct kpid_limits *l = &req->auth.limits;
    kpid_rate_note(rate_key, l->requests_per_second, kpid_http_now_ns());
    if (req->db == NULL)
        return KPID_OK;
    unsigned pool = kpid_db_pool_size(req->db);
    unsigned share = (unsigned)((unsigned long)pool * (unsigned long)l->pool_share_pct / 100u);
    share = share > 0 ? share : 1;
    if (kpid_db_charge(req->db, req->auth.workspace_id, share))
        return KPID_OK;
    /* the connection the key lookup used goes back at once: this request waits for one of
     * its workspace's own to end without holding one that other workspaces need */
    kpid_db_release(req->db);
    enum kpid_db_status st;
    req->db = kpid_db_acquire_share(req->server->pool, req->auth.workspace_id, share,
                                    req->server->config->db_wait_ms, &st);
    if (req->db != NULL)
        return KPID_OK;
    if (st != KPID_DB_RETRY)
        return kpid_http_db_failed(req, st);
    json_t *body = kpid_problem_body(503, "workspace-busy", NULL,
                                     "this workspace is using its whole share of the database "
                                     "connections; retry after the Retry-After delay");
    json_object_set_new(body, "limit", json_string("pool_share_pct"));
    json_object_set_new(body, "value", json_integer(l->pool_share_pct));
    return kpid_http_reply_json(req, 503, body);
}

long kpid_limits_get(const struct kpid_request *req, const char *name)
{
    return kpid_limit_value(&req->auth.limits, kpid_limit_find(name));
}

enum kpid_outcome kpid_limits_refuse(struct kpid_request *req, const char *limit, const char *what)
{
    return kpid_http_reply_json(req, 422,
                                kpid_limit_problem(limit, kpid_limits_get(req, limit), what));
}
