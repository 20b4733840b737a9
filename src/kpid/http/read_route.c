/* Sends the analytical reads to the read replicas and says in each reply where it was read. */
#include "kpid/http/read_route.h"

#include "kpid/enums.h"
#include "kpid/http/router.h"
#include "kpid/http/server.h"
#include "kpid/store/db.h"
#include "kpid/store/replica.h"

#include <stdio.h>
#include <string.h>

/* Whether ?consistency= asks for the primary; -1 for a value that is not one of
 * kpid_read_consistencies. */
static int wants_primary(const struct kpid_request *req)
{
    const char *consistency = kpid_http_query(req, "consistency");
    if (consistency == NULL)
        return 0;
    for (const char *const *c = kpid_read_consistencies; *c != NULL; c++)
        if (strcmp(consistency, *c) == 0)
            return strcmp(consistency, "strong") == 0;
    return -1;
}

enum kpid_outcome kpid_http_route_read(struct kpid_request *req)
{
    if (req->route->reads != KPID_READS_REPLICA || req->server->read_pool == NULL)
        return KPID_OK;
    int primary = wants_primary(req);
    if (primary < 0)
        return kpid_http_invalid_field(req, "/consistency", "eventual or strong");
    req->read_source = KPID_READ_PRIMARY;
    if (primary)
        return KPID_OK;
    /* no wait: when every replica connection is busy the primary one in hand serves */
    enum kpid_db_status st;
    struct kpid_db *replica = kpid_db_acquire(req->server->read_pool, 0, &st);
    if (replica == NULL)
        return KPID_OK;
    bool standby;
    double lag;
    /* one round trip that also proves the replica answers before the request relies on it */
    if (kpid_store_replica_lag(replica, &standby, &lag) != KPID_DB_OK ||
        kpid_db_fell_back(replica)) {
        kpid_db_release(replica);
        return KPID_OK;
    }
    kpid_db_release(req->db);
    req->db = replica;
    req->read_source = KPID_READ_REPLICA;
    req->read_lag_s = lag;
    return KPID_OK;
}

void kpid_http_read_source_header(const struct kpid_request *req, struct MHD_Response *resp)
{
    if (req->read_source == KPID_READ_UNROUTED)
        return;
    char value[48];
    /* a replica that went away during the request had the read rerun on the primary */
    if (req->read_source == KPID_READ_REPLICA && !(req->db && kpid_db_fell_back(req->db)))
        snprintf(value, sizeof value, "replica; lag=%.3fs", req->read_lag_s);
    else
        snprintf(value, sizeof value, "primary");
    MHD_add_response_header(resp, "KPID-Read-Source", value);
}
