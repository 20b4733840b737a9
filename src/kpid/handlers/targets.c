/* PUT /v1/periods/{id}/targets/{kpi} and GET /v1/periods/{id}/targets: plans per period. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/write.h"
#include "kpid/handlers/kpi_reply.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/handlers/period_kpi.h"
#include "kpid/kpis/target.h"

#include <stdio.h>
#include <stdlib.h>

#define BIG 1e15

static const struct kpid_field target_spec[] = {
    {.path = "base", .type = KPID_FIELD_NUMBER, .min = -BIG, .max = BIG},
    {.path = "plan",
     .type = KPID_FIELD_NUMBER,
     .flags = KPID_FIELD_REQUIRED,
     .min = -BIG,
     .max = BIG},
    {.path = "stretch", .type = KPID_FIELD_NUMBER, .min = -BIG, .max = BIG},
    {.path = "kpi", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "source", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
};

struct target_write {
    const char *period_id;
    struct kpid_target_row row;
    char location[128];
};

static enum kpid_db_status save_target(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                       struct kpid_write_result *out)
{
    struct target_write *w = ctx;
    struct kpid_period_row period;
    struct kpid_kpi_def kpi;
    bool ok, created;
    enum kpid_db_status st = kpid_period_kpi_load(db, req->auth.workspace_id, w->period_id,
                                                  w->row.kpi, &period, &kpi, out, &ok);
    if (st != KPID_DB_OK || !ok)
        return st;
    json_t *errors = json_array();
    kpid_target_check(kpi.direction, &w->row.target, "", errors);
    kpid_kpi_def_clear(&kpi);
    if (json_array_size(errors) > 0) {
        out->status = 422;
        out->problem = true;
        out->body = kpid_problem_body(422, "validation", errors,
                                      "the target is not ordered for the KPI's direction");
        return KPID_DB_OK;
    }
    json_decref(errors);
    st = kpid_target_row_save(db, req->auth.workspace_id, period.id, w->row.kpi, &w->row.target,
                              &created);
    if (st != KPID_DB_OK)
        return st;
    out->status = created ? 201 : 200;
    out->location = created ? w->location : NULL;
    out->body = kpid_target_row_json(&w->row);
    return KPID_DB_OK;
}

static kpi_opt opt_text(const char *text)
{
    return text ? kpi_some(strtod(text, NULL)) : kpi_none();
}

static void fill_target(void *write, const char *period_id, const char *kpi,
                        const struct kpid_fields *body)
{
    struct target_write *w = write;
    w->period_id = period_id;
    w->row = (struct kpid_target_row){.own = true};
    snprintf(w->row.kpi, sizeof w->row.kpi, "%s", kpi);
    w->row.target = (kpi_target){opt_text(kpid_fields_text(body, "base")),
                                 opt_text(kpid_fields_text(body, "plan")),
                                 opt_text(kpid_fields_text(body, "stretch"))};
    snprintf(w->location, sizeof w->location, "/v1/periods/%s/targets/%s", period_id, kpi);
}

enum kpid_outcome kpid_h_targets_put(struct kpid_request *req)
{
    struct target_write w;
    return kpid_period_kpi_put(req, target_spec, sizeof target_spec / sizeof target_spec[0],
                               "the target is not valid", fill_target, save_target, &w);
}

static enum kpid_db_status target_items(struct kpid_db *db, const char *workspace_id,
                                        const struct kpid_period_row *period, json_t *items)
{
    struct kpid_target_row *rows;
    size_t n;
    enum kpid_db_status st = kpid_target_rows_load(
        db, workspace_id, period->id, kpi_period_kind_name(period->period.kind), &rows, &n);
    for (size_t i = 0; st == KPID_DB_OK && i < n; i++)
        json_array_append_new(items, kpid_target_row_json(&rows[i]));
    free(rows);
    return st;
}

enum kpid_outcome kpid_h_targets_get(struct kpid_request *req)
{
    return kpid_period_items_reply(req, target_items);
}
