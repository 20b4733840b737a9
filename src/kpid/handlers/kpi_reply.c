/* The path-code check, per-period lists and lists keyed by code of the definitions
 * endpoints. */
#include "kpid/handlers/kpi_reply.h"

#include "kpid/kpis/kpi_input.h"

#include <stdio.h>

enum kpid_outcome kpid_path_code(struct kpid_request *req, const char **code)
{
    *code = kpid_http_param(req, 0);
    if (!kpid_is_code(*code))
        return kpid_http_invalid_field(req, "/code",
                                       "must be 1 to 64 characters of a-z, 0-9 and _");
    return KPID_OK;
}

enum kpid_outcome kpid_period_items_reply(struct kpid_request *req, kpid_period_items_fn fn)
{
    const char *id = kpid_http_param(req, 0);
    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    struct kpid_period_row period;
    bool found;
    enum kpid_db_status st = kpid_period_row_load(db, req->auth.workspace_id, id, &period, &found);
    if (st != KPID_DB_OK)
        return kpid_http_db_failed(req, st);
    if (!found)
        return kpid_http_problem(req, 404, "not-found", NULL, "no period %s", id);
    json_t *items = json_array();
    if ((st = fn(db, req->auth.workspace_id, &period, items)) != KPID_DB_OK) {
        json_decref(items);
        return kpid_http_db_failed(req, st);
    }
    return kpid_http_reply_json(
        req, 200, json_pack("{s:s,s:o,s:n}", "period", period.id, "items", items, "next_cursor"));
}

enum kpid_outcome kpid_code_list_reply(struct kpid_request *req, const struct kpid_page *page,
                                       kpid_code_items_fn fn, const void *filter)
{
    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    json_t *items = json_array();
    enum kpid_db_status st = fn(db, req->auth.workspace_id, filter, items);
    if (st != KPID_DB_OK) {
        json_decref(items);
        return kpid_http_db_failed(req, st);
    }
    size_t n = json_array_size(items);
    size_t last = n > (size_t)page->limit ? (size_t)page->limit - 1 : 0;
    const char *code = json_string_value(json_object_get(json_array_get(items, last), "code"));
    char key[128];
    snprintf(key, sizeof key, "%s", code ? code : "");
    return kpid_http_reply_json(req, 200, kpid_page_envelope(items, page, key, ""));
}
