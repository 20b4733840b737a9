/* PUT/GET /v1/periods/{id} and GET /v1/periods: the workspace's review periods. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/body_decode.h"
#include "kpid/json/fields.h"
#include "kpid/http/get_one.h"
#include "kpid/http/paging.h"
#include "kpid/http/query.h"
#include "kpid/http/write.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/kpis/period.h"

#include <stdio.h>
#include <stdlib.h>

struct period_write {
    kpi_period period;
    char location[48];
};

static enum kpid_db_status define_period(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                         struct kpid_write_result *out)
{
    struct period_write *w = ctx;
    struct kpid_period_row row;
    bool created;
    enum kpid_db_status st =
        kpid_period_row_upsert(db, req->auth.workspace_id, &w->period, &row, &created);
    if (st != KPID_DB_OK)
        return st;
    out->status = created ? 201 : 200;
    out->body = kpid_period_row_json(&row);
    out->location = created ? w->location : NULL;
    return KPID_DB_OK;
}

/* Appends an error for each member of the body, which must be {}; the error count. */
static size_t no_members(const json_t *body, void *ctx, json_t *errors)
{
    static const char *const none[] = {NULL};
    (void)ctx;
    kpid_json_unknown_members(body, none, "", errors);
    return json_array_size(errors);
}

enum kpid_outcome kpid_h_periods_put_id(struct kpid_request *req)
{
    const char *id = kpid_http_param(req, 0);
    struct period_write w;
    kpi_error err = {0};
    if (kpi_period_parse(id, &w.period, &err) != KPI_OK)
        return kpid_http_problem(req, 422, "validation", NULL,
                                 "period id %s is not YYYY-MM, YYYY-Qn, YYYY-Www or YYYY (years 1970-9999)",
                                 id);
    if (req->body_len > 0) { /* the body is optional; when sent it is an empty object */
        enum kpid_outcome rc = kpid_http_parse_body(
            req, no_members, NULL, "a period is defined by its id alone: send {} or no body");
        if (rc != KPID_OK)
            return rc;
    }
    snprintf(w.location, sizeof w.location, "/v1/periods/%s", id);
    return kpid_http_write(req, define_period, &w);
}

enum kpid_outcome kpid_h_periods_get(struct kpid_request *req)
{
    struct kpid_page page;
    struct kpid_period_filter filter = {0};
    struct kpid_db *db;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_choice(req, "kind", kpid_granularities, &filter.kind)) != KPID_OK)
        return rc;
    if (page.has_cursor && !kpid_is_date(page.after[0]))
        return kpid_http_problem(req, 422, "validation", NULL,
                                 "cursor is not one this service issued");
    if ((rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    filter.after_start = kpid_page_after(&page, 0);
    filter.after_id = kpid_page_after(&page, 1);
    filter.limit = page.limit_plus_one;
    struct kpid_period_row *rows;
    size_t n;
    enum kpid_db_status st = kpid_period_rows_load(db, req->auth.workspace_id, &filter, &rows, &n);
    if (st != KPID_DB_OK)
        return kpid_http_db_failed(req, st);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, kpid_period_row_json(&rows[i]));
    size_t last = n > (size_t)page.limit ? (size_t)page.limit - 1 : 0;
    json_t *envelope =
        kpid_page_envelope(items, &page, n ? rows[last].start : "", n ? rows[last].id : "");
    free(rows);
    return kpid_http_reply_json(req, 200, envelope);
}

static enum kpid_db_status fetch_period(struct kpid_db *db, const char *workspace_id,
                                        const char *id, json_t **out)
{
    struct kpid_period_row row;
    bool found;
    enum kpid_db_status st = kpid_period_row_load(db, workspace_id, id, &row, &found);
    *out = st == KPID_DB_OK && found ? kpid_period_row_json(&row) : NULL;
    return st;
}

enum kpid_outcome kpid_h_periods_get_id(struct kpid_request *req)
{
    return kpid_http_get_one(req, "period", NULL, fetch_period);
}
