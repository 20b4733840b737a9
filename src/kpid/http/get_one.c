/* Answers the GET of one resource by its path key with the fetched representation or 404. */
#include "kpid/http/get_one.h"

enum kpid_outcome kpid_http_get_one(struct kpid_request *req, const char *noun,
                                    bool (*valid)(const char *key), kpid_fetch_fn fetch)
{
    const char *key = kpid_http_param(req, 0);
    if (valid != NULL && !valid(key))
        return kpid_http_problem(req, 404, "not-found", NULL, "no %s %s", noun, key);
    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    json_t *found;
    enum kpid_db_status st = fetch(db, req->auth.workspace_id, key, &found);
    if (st != KPID_DB_OK)
        return kpid_http_db_failed(req, st);
    if (found == NULL)
        return kpid_http_problem(req, 404, "not-found", NULL, "no %s %s", noun, key);
    return kpid_http_reply_json(req, 200, found);
}
