/* GET /v1/kpis/{code}/series?from=&to=: one KPI over consecutive periods of its granularity,
 * every period present (a count with nothing under it is 0, a ratio null). */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/results_http.h"
#include "kpid/json/json_out.h"
#include "kpid/http/limits.h"
#include "kpid/kpis/results.h"

#include <stdio.h>
#include <string.h>

/* The most a workspace's max_result_periods may allow (the range is on the stack). */
#define SERIES_MAX 60

struct answer {
    const char *workspace_id;
    struct kpid_kpi_def *kpi;
    const kpi_period *periods;
    size_t n;
    const struct kpid_results_params *p;
    json_t *body;
};

static json_t *item_json(const struct kpid_kpi_def *k, const struct kpid_frame *f,
                         const struct kpid_grid_cell *cell, kpi_local_time as_of)
{
    kpi_assessment a =
        kpi_assess(k->direction, cell->fact, &cell->target, KPI_DEFAULT_MAX_ATTAINMENT);
    char matures_on[KPI_DATE_TEXT_SIZE];
    kpi_date_format(kpi_period_matures_on(&f->period, k->lag_days), matures_on);
    return json_pack(
        "{s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:s,s:o}", "period", f->id, "start", f->span.start, "end",
        f->span.end, "fact", kpid_result_number(cell->fact, k->unit == KPI_UNIT_MONEY), "target",
        kpid_result_target_json(&cell->target), "attainment",
        kpid_result_number(a.attainment, false), "status", kpi_result_status_name(a.status),
        "maturity", kpi_maturity_name(kpi_period_maturity(&f->period, k->lag_days, as_of)),
        "matures_on", matures_on, "measures", kpid_result_measures_json(k, &cell->measures));
}

static enum kpid_db_status answer(struct kpid_db *db, void *ctx)
{
    struct answer *a = ctx;
    json_decref(a->body);
    a->body = NULL;
    struct kpid_frames frames;
    struct kpid_grid grid = {0};
    struct kpid_kpi_list one = {a->kpi, 1}; /* borrowed: not freed as a list */
    enum kpid_db_status st =
        kpid_frames_load(db, a->workspace_id, a->periods, a->n, a->p->as_of, &frames);
    if (st == KPID_DB_OK)
        st = kpid_grid_compute(db, a->workspace_id, &one, &frames, a->p->channel, NULL, &grid);
    if (st == KPID_DB_OK) {
        json_t *items = json_array();
        for (size_t f = 0; f < frames.n; f++)
            json_array_append_new(items, item_json(a->kpi, &frames.items[f],
                                                   kpid_grid_at(&grid, 0, f), frames.as_of_local));
        a->body = json_pack(
            "{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "kpi", a->kpi->code, "name", a->kpi->name,
            "unit", kpi_unit_name(a->kpi->unit), "direction", kpi_direction_name(a->kpi->direction),
            "from", frames.items[0].id, "to", frames.items[frames.n - 1].id, "as_of",
            kpid_json_timestamp(frames.as_of), "channel",
            a->p->channel ? json_string(a->p->channel) : json_null(), "items", items);
    }
    kpid_grid_free(&grid);
    kpid_frames_free(&frames);
    return st;
}

/* ?from= and ?to= as the range of periods (422 when malformed, mixed, reversed or too long). */
static enum kpid_outcome read_range(struct kpid_request *req, kpi_period_kind kind, kpi_period *out,
                                    size_t *n)
{
    const char *names[] = {"from", "to"};
    kpi_period ends[2];
    for (int i = 0; i < 2; i++) {
        const char *text = kpid_http_query(req, names[i]);
        char pointer[8];
        snprintf(pointer, sizeof pointer, "/%s", names[i]);
        if (text == NULL || kpi_period_parse(text, &ends[i], NULL) != KPI_OK)
            return kpid_http_invalid_field(
                req, pointer, "required: a period id (2025-01, 2025-Q1, 2025-W07, 2025)");
        if (ends[i].kind != kind)
            return kpid_http_invalid_field(req, pointer, "a period of the KPI's granularity");
    }
    if (kpi_period_compare(&ends[0], &ends[1]) > 0)
        return kpid_http_invalid_field(req, "/to", "a period not before from");
    long cap = kpid_limits_get(req, "max_result_periods");
    if (kpi_period_range(&ends[0], &ends[1], out, cap < SERIES_MAX ? (size_t)cap : SERIES_MAX, n,
                         NULL) != KPI_OK)
        return kpid_limits_refuse(req, "max_result_periods", "the range has too many periods");
    return KPID_OK;
}

enum kpid_outcome kpid_h_kpi_series_get(struct kpid_request *req)
{
    struct kpid_results_params p;
    struct kpid_kpi_def kpi;
    kpi_period periods[SERIES_MAX];
    struct answer a = {req->auth.workspace_id, &kpi, periods, 0, &p, NULL};
    struct kpid_db *db;
    bool found;
    enum kpid_outcome rc;
    if ((rc = kpid_results_params_read(req, KPID_RP_AS_OF | KPID_RP_CHANNEL, &p)) != KPID_OK ||
        (rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    enum kpid_db_status st =
        kpid_kpi_def_load(db, req->auth.workspace_id, kpid_http_param(req, 0), &kpi, &found);
    if (st != KPID_DB_OK)
        return kpid_http_db_failed(req, st);
    if (!found)
        return kpid_http_problem(req, 404, "not-found", NULL, "no KPI %s", kpid_http_param(req, 0));
    if ((rc = read_range(req, kpi.granularity, periods, &a.n)) == KPID_OK) {
        st = kpid_results_read(db, answer, &a);
        if (st != KPID_DB_OK) {
            json_decref(a.body);
            rc = kpid_http_db_failed(req, st);
        } else {
            rc = kpid_results_reply(req, p.format, a.body,
                                    json_incref(json_object_get(a.body, "items")));
        }
    }
    kpid_kpi_def_clear(&kpi);
    return rc;
}
