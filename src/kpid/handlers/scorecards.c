/* POST/GET /v1/scorecards and GET/PUT/DELETE /v1/scorecards/{code}: bonus scorecards. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/get_one.h"
#include "kpid/http/paging.h"
#include "kpid/http/query.h"
#include "kpid/http/write.h"
#include "kpid/handlers/kpi_reply.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/kpis/kpi_store.h"
#include "kpid/kpis/scorecard_def.h"
#include "kpid/kpis/scorecard_input.h"
#include "kpid/kpis/scorecard_store.h"
#include "kpid/limits/counts.h"
#include "kpid/store/scorecard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scorecard_write {
    struct kpid_scorecard_def def;
    const char *path_code; /* PUT: create or replace this code; POST (NULL): create only */
    char *codes;           /* the items' KPI codes as a JSON array */
    char location[96];
};

/* The stored scorecard `code` (created_at etc. included) as JSON, or NULL. */
static enum kpid_db_status fetch_scorecard(struct kpid_db *db, const char *workspace_id,
                                           const char *code, json_t **out)
{
    struct kpid_scorecard_def s;
    bool found;
    enum kpid_db_status st = kpid_scorecard_def_load(db, workspace_id, code, &s, &found);
    *out = NULL;
    if (st == KPID_DB_OK && found) {
        *out = kpid_scorecard_def_json(&s);
        kpid_scorecard_def_clear(&s);
    }
    return st;
}

/* Locks and loads the KPIs the scorecard names and checks it against them (422 in out). */
static enum kpid_db_status check_items(struct kpid_db *db, struct kpid_request *req,
                                       struct scorecard_write *w, struct kpid_write_result *out,
                                       bool *ok)
{
    const char *ws = req->auth.workspace_id;
    enum kpid_db_status st = kpid_kpi_lock(db, ws, w->codes, false);
    if (st != KPID_DB_OK)
        return st;
    struct kpid_kpi_list kpis;
    if ((st = kpid_kpi_defs_load(db, ws, NULL, &kpis)) != KPID_DB_OK)
        return st;
    json_t *errors = json_array();
    unsigned warnings = 0;
    *ok = kpid_scorecard_check(&w->def, &kpis, &warnings, errors) == 0;
    kpid_kpi_list_free(&kpis);
    if (*ok) {
        json_decref(errors);
        return KPID_DB_OK;
    }
    out->status = 422;
    out->problem = true;
    out->body = kpid_problem_body(422, "validation", errors, "the scorecard is not valid");
    return KPID_DB_OK;
}

static enum kpid_db_status save_scorecard(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                          struct kpid_write_result *out)
{
    struct scorecard_write *w = ctx;
    const char *ws = req->auth.workspace_id;
    bool replace = w->path_code != NULL;
    bool ok, created, refused;
    enum kpid_db_status st = check_items(db, req, w, out, &ok);
    if (st != KPID_DB_OK || !ok)
        return st;
    st = kpid_limits_count_check(db, req, KPID_COUNT_SCORECARDS, w->def.code, out, &refused);
    if (st != KPID_DB_OK || refused)
        return st;
    st = kpid_scorecard_def_save(db, ws, &w->def, replace, &created);
    if (st != KPID_DB_OK)
        return st;
    if (!replace && !created) {
        kpid_write_problem(out, 409, "conflict", "a scorecard with code %s exists", w->def.code);
        return KPID_DB_OK;
    }
    if ((st = fetch_scorecard(db, ws, w->def.code, &out->body)) != KPID_DB_OK)
        return st;
    out->status = created ? 201 : 200;
    out->location = created ? w->location : NULL;
    return out->body ? KPID_DB_OK : KPID_DB_ERROR; /* written in this very transaction */
}

/* The items' KPI codes as a JSON array text (malloc()ed). */
static char *item_codes(const struct kpid_scorecard_def *s)
{
    json_t *codes = json_array();
    for (size_t i = 0; i < s->n_items; i++)
        json_array_append_new(codes, json_string(s->items[i].kpi));
    char *text = json_dumps(codes, JSON_COMPACT);
    json_decref(codes);
    return text;
}

static size_t parse_scorecard(const json_t *body, void *ctx, json_t *errors)
{
    struct scorecard_write *w = ctx;
    return kpid_scorecard_input_parse(body, w->path_code, &w->def, errors);
}

/* Parses the body as a ScorecardInput (path_code for a PUT) and writes it. */
static enum kpid_outcome write_scorecard(struct kpid_request *req, const char *path_code)
{
    struct scorecard_write w = {.path_code = path_code};
    enum kpid_outcome rc =
        kpid_http_parse_body(req, parse_scorecard, &w, "the scorecard is not valid");
    if (rc == KPID_OK) {
        w.codes = item_codes(&w.def);
        snprintf(w.location, sizeof w.location, "/v1/scorecards/%s", w.def.code);
        rc = w.codes ? kpid_http_write(req, save_scorecard, &w) : KPID_SYSERR;
    }
    free(w.codes);
    kpid_scorecard_def_clear(&w.def);
    return rc;
}

enum kpid_outcome kpid_h_scorecards_post(struct kpid_request *req)
{
    return write_scorecard(req, NULL);
}

enum kpid_outcome kpid_h_scorecards_put_code(struct kpid_request *req)
{
    const char *code;
    enum kpid_outcome rc = kpid_path_code(req, &code);
    return rc == KPID_OK ? write_scorecard(req, code) : rc;
}

static enum kpid_db_status scorecard_items(struct kpid_db *db, const char *workspace_id,
                                           const void *filter, json_t *items)
{
    struct kpid_scorecard_list list;
    enum kpid_db_status st = kpid_scorecard_defs_load(db, workspace_id, filter, &list);
    for (size_t i = 0; st == KPID_DB_OK && i < list.n; i++)
        json_array_append_new(items, kpid_scorecard_def_json(&list.items[i]));
    kpid_scorecard_list_free(&list);
    return st;
}

enum kpid_outcome kpid_h_scorecards_get(struct kpid_request *req)
{
    struct kpid_page page;
    struct kpid_scorecard_filter filter = {0};
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_choice(req, "granularity", kpid_granularities, &filter.granularity)) !=
            KPID_OK)
        return rc;
    filter.after_code = kpid_page_after(&page, 0);
    filter.limit = page.limit_plus_one;
    return kpid_code_list_reply(req, &page, scorecard_items, &filter);
}

enum kpid_outcome kpid_h_scorecards_get_code(struct kpid_request *req)
{
    return kpid_http_get_one(req, "scorecard", kpid_is_code, fetch_scorecard);
}

static enum kpid_db_status delete_scorecard(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                            struct kpid_write_result *out)
{
    const char *code = ctx;
    bool found;
    enum kpid_db_status st = kpid_store_scorecard_delete(db, req->auth.workspace_id, code, &found);
    if (st != KPID_DB_OK)
        return st;
    if (!found)
        kpid_write_problem(out, 404, "not-found", "no scorecard %s", code);
    else
        out->status = 204;
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_scorecards_delete_code(struct kpid_request *req)
{
    return kpid_http_write_one(req, "scorecard", kpid_is_code, delete_scorecard);
}
