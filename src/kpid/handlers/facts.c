/* PUT /v1/periods/{id}/facts/{kpi} and GET /v1/periods/{id}/facts: manual KPIs' facts. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/write.h"
#include "kpid/kpis/fact.h"
#include "kpid/handlers/kpi_reply.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/handlers/period_kpi.h"

#include <stdio.h>
#include <stdlib.h>

static const struct kpid_field fact_spec[] = {
    {.path = "value",
     .type = KPID_FIELD_NUMBER,
     .flags = KPID_FIELD_REQUIRED,
     .min = -1e15,
     .max = 1e15},
    {.path = "kpi", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "updated_at", .type = KPID_FIELD_TIMESTAMP, .flags = KPID_FIELD_READONLY},
};

struct fact_write {
    const char *period_id;
    const char *kpi;
    const char *value; /* SQL numeric text */
    char location[128];
};

static enum kpid_db_status save_fact(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                     struct kpid_write_result *out)
{
    struct fact_write *w = ctx;
    struct kpid_period_row period;
    struct kpid_kpi_def kpi;
    bool ok, created;
    enum kpid_db_status st = kpid_period_kpi_load(db, req->auth.workspace_id, w->period_id, w->kpi,
                                                  &period, &kpi, out, &ok);
    if (st != KPID_DB_OK || !ok)
        return st;
    bool manual = kpi.source == KPID_KPI_MANUAL;
    kpid_kpi_def_clear(&kpi);
    if (!manual) {
        kpid_write_problem(out, 422, "validation",
                           "KPI %s is computed from data; only manual KPIs take facts", w->kpi);
        return KPID_DB_OK;
    }
    struct kpid_fact_row row;
    st =
        kpid_fact_row_save(db, req->auth.workspace_id, period.id, w->kpi, w->value, &row, &created);
    if (st != KPID_DB_OK)
        return st;
    out->status = created ? 201 : 200;
    out->location = created ? w->location : NULL;
    out->body = kpid_fact_row_json(&row);
    return KPID_DB_OK;
}

static void fill_fact(void *write, const char *period_id, const char *kpi,
                      const struct kpid_fields *body)
{
    struct fact_write *w = write;
    w->period_id = period_id;
    w->kpi = kpi;
    w->value = kpid_fields_text(body, "value");
    snprintf(w->location, sizeof w->location, "/v1/periods/%s/facts/%s", period_id, kpi);
}

enum kpid_outcome kpid_h_facts_put(struct kpid_request *req)
{
    struct fact_write w;
    return kpid_period_kpi_put(req, fact_spec, sizeof fact_spec / sizeof fact_spec[0],
                               "the fact is not valid", fill_fact, save_fact, &w);
}

static enum kpid_db_status fact_items(struct kpid_db *db, const char *workspace_id,
                                      const struct kpid_period_row *period, json_t *items)
{
    struct kpid_fact_row *rows;
    size_t n;
    enum kpid_db_status st = kpid_fact_rows_load(db, workspace_id, period->id, &rows, &n);
    for (size_t i = 0; st == KPID_DB_OK && i < n; i++)
        json_array_append_new(items, kpid_fact_row_json(&rows[i]));
    free(rows);
    return st;
}

enum kpid_outcome kpid_h_facts_get(struct kpid_request *req)
{
    return kpid_period_items_reply(req, fact_items);
}
