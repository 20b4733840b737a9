/* POST/GET /v1/kpis and GET/PUT/DELETE /v1/kpis/{code}: KPI definitions of the workspace. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/get_one.h"
#include "kpid/http/paging.h"
#include "kpid/http/query.h"
#include "kpid/http/write.h"
#include "kpid/kpis/kpi_def.h"
#include "kpid/handlers/kpi_reply.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/kpis/kpi_store.h"
#include "kpid/limits/counts.h"
#include "kpid/store/kpi.h"

#include <stdio.h>
#include <string.h>

struct kpi_write {
    struct kpid_kpi_def def;
    const char *path_code; /* PUT: create or replace this code; POST (NULL): create only */
    char location[96];
};

/* The stored definition of `code` (created_at etc. included) as JSON, or NULL. */
static enum kpid_db_status fetch_kpi(struct kpid_db *db, const char *workspace_id, const char *code,
                                     json_t **out)
{
    struct kpid_kpi_def k;
    bool found;
    enum kpid_db_status st = kpid_kpi_def_load(db, workspace_id, code, &k, &found);
    *out = NULL;
    if (st == KPID_DB_OK && found) {
        *out = kpid_kpi_def_json(&k);
        kpid_kpi_def_clear(&k);
    }
    return st;
}

/* Locks the KPI's row (when it exists) against concurrent scorecard writes. */
static enum kpid_db_status lock_kpi(struct kpid_db *db, struct kpid_request *req, const char *code)
{
    char codes[KPID_KPI_CODE_MAX + 5];
    snprintf(codes, sizeof codes, "[\"%s\"]", code);
    return kpid_kpi_lock(db, req->auth.workspace_id, codes, true);
}

static enum kpid_db_status save_kpi(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                    struct kpid_write_result *out)
{
    struct kpi_write *w = ctx;
    const char *ws = req->auth.workspace_id;
    bool replace = w->path_code != NULL;
    enum kpid_db_status st;
    if (replace) {
        /* a scorecard keeps one granularity: its KPIs may not move to another */
        json_t *users;
        if ((st = lock_kpi(db, req, w->def.code)) != KPID_DB_OK)
            return st;
        st = kpid_kpi_scorecards(db, ws, w->def.code, kpi_period_kind_name(w->def.granularity),
                                 &users);
        if (st != KPID_DB_OK)
            return st;
        if (json_array_size(users) > 0) {
            kpid_write_problem(out, 409, "conflict", "scorecards of another granularity use KPI %s",
                               w->def.code);
            json_object_set_new(out->body, "scorecards", users);
            return KPID_DB_OK;
        }
        json_decref(users);
    }
    bool created, refused;
    st = kpid_limits_count_check(db, req, KPID_COUNT_KPIS, w->def.code, out, &refused);
    if (st != KPID_DB_OK || refused)
        return st;
    st = kpid_kpi_def_save(db, ws, &w->def, replace, &created);
    if (st != KPID_DB_OK)
        return st;
    if (!replace && !created) {
        kpid_write_problem(out, 409, "conflict", "a KPI with code %s exists", w->def.code);
        return KPID_DB_OK;
    }
    if ((st = fetch_kpi(db, ws, w->def.code, &out->body)) != KPID_DB_OK)
        return st;
    out->status = created ? 201 : 200;
    out->location = created ? w->location : NULL;
    return out->body ? KPID_DB_OK : KPID_DB_ERROR; /* written in this very transaction */
}

static size_t parse_kpi(const json_t *body, void *ctx, json_t *errors)
{
    struct kpi_write *w = ctx;
    return kpid_kpi_input_parse(body, w->path_code, &w->def, errors);
}

/* Parses the body as a KpiInput (path_code for a PUT) and writes it. */
static enum kpid_outcome write_kpi(struct kpid_request *req, const char *path_code)
{
    struct kpi_write w = {.path_code = path_code};
    enum kpid_outcome rc =
        kpid_http_parse_body(req, parse_kpi, &w, "the KPI definition is not valid");
    if (rc == KPID_OK) {
        snprintf(w.location, sizeof w.location, "/v1/kpis/%s", w.def.code);
        rc = kpid_http_write(req, save_kpi, &w);
    }
    kpid_kpi_def_clear(&w.def);
    return rc;
}

enum kpid_outcome kpid_h_kpis_post(struct kpid_request *req)
{
    return write_kpi(req, NULL);
}

enum kpid_outcome kpid_h_kpis_put_code(struct kpid_request *req)
{
    const char *code;
    enum kpid_outcome rc = kpid_path_code(req, &code);
    return rc == KPID_OK ? write_kpi(req, code) : rc;
}

static enum kpid_db_status kpi_items(struct kpid_db *db, const char *workspace_id,
                                     const void *filter, json_t *items)
{
    struct kpid_kpi_list list;
    enum kpid_db_status st = kpid_kpi_defs_load(db, workspace_id, filter, &list);
    for (size_t i = 0; st == KPID_DB_OK && i < list.n; i++)
        json_array_append_new(items, kpid_kpi_def_json(&list.items[i]));
    kpid_kpi_list_free(&list);
    return st;
}

enum kpid_outcome kpid_h_kpis_get(struct kpid_request *req)
{
    struct kpid_page page;
    struct kpid_kpi_filter filter = {0};
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_choice(req, "owner", kpid_kpi_owners, &filter.owner)) != KPID_OK ||
        (rc = kpid_query_choice(req, "granularity", kpid_granularities, &filter.granularity)) !=
            KPID_OK)
        return rc;
    filter.after_code = kpid_page_after(&page, 0);
    filter.limit = page.limit_plus_one;
    return kpid_code_list_reply(req, &page, kpi_items, &filter);
}

enum kpid_outcome kpid_h_kpis_get_code(struct kpid_request *req)
{
    return kpid_http_get_one(req, "KPI", kpid_is_code, fetch_kpi);
}

static enum kpid_db_status delete_kpi(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                      struct kpid_write_result *out)
{
    const char *code = ctx;
    json_t *users;
    enum kpid_db_status st = lock_kpi(db, req, code);
    if (st != KPID_DB_OK)
        return st;
    st = kpid_kpi_scorecards(db, req->auth.workspace_id, code, NULL, &users);
    if (st != KPID_DB_OK)
        return st;
    if (json_array_size(users) > 0) {
        kpid_write_problem(out, 409, "conflict",
                           "KPI %s is used by scorecards; remove it from them first", code);
        json_object_set_new(out->body, "scorecards", users);
        return KPID_DB_OK;
    }
    json_decref(users);
    bool found;
    if ((st = kpid_store_kpi_delete(db, req->auth.workspace_id, code, &found)) != KPID_DB_OK)
        return st;
    if (!found) {
        kpid_write_problem(out, 404, "not-found", "no KPI %s", code);
        return KPID_DB_OK;
    }
    out->status = 204;
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_kpis_delete_code(struct kpid_request *req)
{
    return kpid_http_write_one(req, "KPI", kpid_is_code, delete_kpi);
}
