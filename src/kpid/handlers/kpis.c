/* POST/GET /v1/kpis and GET/PUT/DELETE /v1/kpis/{code}: KPI definitions of the workspace. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/paging.h"
#include "kpid/http/query.h"
#include "kpid/http/write.h"
#include "kpid/kpis/kpi_def.h"
#include "kpid/kpis/kpi_http.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/kpis/kpi_store.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct kpi_write {
    struct kpid_kpi_def def;
    bool replace; /* PUT: create or replace; POST: create only */
    char location[96];
};

/* Renders the stored definition of `code` (created_at etc. included) into out->body. */
static enum kpid_db_status reply_stored(struct kpid_db *db, struct kpid_request *req,
                                        const char *code, unsigned status,
                                        struct kpid_write_result *out)
{
    struct kpid_kpi_def stored;
    bool found;
    enum kpid_db_status st = kpid_kpi_def_load(db, req->auth.workspace_id, code, &stored, &found);
    if (st != KPID_DB_OK)
        return st;
    if (!found)
        return KPID_DB_ERROR;
    out->status = status;
    out->body = kpid_kpi_def_json(&stored);
    kpid_kpi_def_clear(&stored);
    return KPID_DB_OK;
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
    enum kpid_db_status st;
    if (w->replace) {
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
    bool created;
    st = kpid_kpi_def_save(db, ws, &w->def, w->replace, &created);
    if (st != KPID_DB_OK)
        return st;
    if (!w->replace && !created) {
        kpid_write_problem(out, 409, "conflict", "a KPI with code %s exists", w->def.code);
        return KPID_DB_OK;
    }
    if (created)
        out->location = w->location;
    return reply_stored(db, req, w->def.code, created ? 201 : 200, out);
}

/* Parses the body as a KpiInput (path_code for a PUT) and writes it. */
static enum kpid_outcome write_kpi(struct kpid_request *req, const char *path_code)
{
    json_t *body;
    enum kpid_outcome rc = kpid_http_json_body(req, KPID_BODY_JSON, &body);
    if (rc != KPID_OK)
        return rc;
    struct kpi_write w = {.replace = path_code != NULL};
    json_t *errors = json_array();
    size_t bad = kpid_kpi_input_parse(body, path_code, &w.def, errors);
    json_decref(body);
    if (bad > 0) {
        kpid_kpi_def_clear(&w.def);
        return kpid_http_problem(req, 422, "validation", errors, "the KPI definition is not valid");
    }
    json_decref(errors);
    snprintf(w.location, sizeof w.location, "/v1/kpis/%s", w.def.code);
    rc = kpid_http_write(req, save_kpi, &w);
    kpid_kpi_def_clear(&w.def);
    return rc;
}

enum kpid_outcome kpid_h_kpis_post(struct kpid_request *req)
{
    return write_kpi(req, NULL);
}

enum kpid_outcome kpid_h_kpis_put_code(struct kpid_request *req)
{
    const char *code = kpid_http_param(req, 0);
    if (!kpid_is_code(code))
        return kpid_http_invalid_field(req, "/code",
                                       "must be 1 to 64 characters of a-z, 0-9 and _");
    return write_kpi(req, code);
}

enum kpid_outcome kpid_h_kpis_get(struct kpid_request *req)
{
    struct kpid_page page;
    struct kpid_kpi_filter filter = {0};
    struct kpid_db *db;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_choice(req, "owner", kpid_owner_choices, &filter.owner)) != KPID_OK ||
        (rc = kpid_query_choice(req, "granularity", kpid_granularity_choices,
                                &filter.granularity)) != KPID_OK ||
        (rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    filter.after_code = kpid_page_after(&page, 0);
    filter.limit = page.limit_plus_one;
    struct kpid_kpi_list list;
    enum kpid_db_status st = kpid_kpi_defs_load(db, req->auth.workspace_id, &filter, &list);
    if (st != KPID_DB_OK)
        return kpid_http_db_failed(req, st);
    json_t *items = json_array();
    for (size_t i = 0; i < list.n; i++)
        json_array_append_new(items, kpid_kpi_def_json(&list.items[i]));
    size_t last = list.n > (size_t)page.limit ? (size_t)page.limit - 1 : 0;
    json_t *envelope = kpid_page_envelope(items, &page, list.n ? list.items[last].code : "", "");
    kpid_kpi_list_free(&list);
    return kpid_http_reply_json(req, 200, envelope);
}

enum kpid_outcome kpid_h_kpis_get_code(struct kpid_request *req)
{
    const char *code = kpid_http_param(req, 0);
    struct kpid_db *db;
    enum kpid_outcome rc;
    if (!kpid_is_code(code))
        return kpid_http_problem(req, 404, "not-found", NULL, "no KPI %s", code);
    if ((rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    struct kpid_kpi_def k;
    bool found;
    enum kpid_db_status st = kpid_kpi_def_load(db, req->auth.workspace_id, code, &k, &found);
    if (st != KPID_DB_OK)
        return kpid_http_db_failed(req, st);
    if (!found)
        return kpid_http_problem(req, 404, "not-found", NULL, "no KPI %s", code);
    json_t *body = kpid_kpi_def_json(&k);
    kpid_kpi_def_clear(&k);
    return kpid_http_reply_json(req, 200, body);
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
    if ((st = kpid_kpi_def_delete(db, req->auth.workspace_id, code, &found)) != KPID_DB_OK)
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
    const char *code = kpid_http_param(req, 0);
    if (!kpid_is_code(code))
        return kpid_http_problem(req, 404, "not-found", NULL, "no KPI %s", code);
    return kpid_http_write(req, delete_kpi, (void *)(uintptr_t)code);
}
