/* GET /v1/sources and GET /v1/sources/{name}: the workspace's webhook sources. */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/source_json.h"

#include "kpid/http/get_one.h"
#include "kpid/http/list.h"
#include "kpid/store/source.h"

static const struct kpid_list sources = {kpid_store_source_list, kpid_source_json, "name",
                                         KPID_LIST_KEY_TEXT};

enum kpid_outcome kpid_h_sources_get(struct kpid_request *req)
{
    return kpid_list_get(req, &sources);
}

static enum kpid_db_status fetch_source(struct kpid_db *db, const char *workspace_id,
                                        const char *name, json_t **out)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_source_get(db, workspace_id, name, &st);
    if (res == NULL)
        return st;
    *out = kpid_result_rows(res) ? kpid_source_json(res, 0) : NULL;
    kpid_result_free(res);
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_sources_get_name(struct kpid_request *req)
{
    return kpid_http_get_one(req, "source", kpid_source_name_valid, fetch_source);
}
