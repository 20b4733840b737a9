/* GET /v1/periods/{id}/channels: per channel (or campaign, or utm_source) spend, leads, valid
 * and SQL leads, clients, revenue, and CPL, CAC, ROMI, ROAS by the metric catalogue's
 * formulas. */
#include "kpid/handlers/handlers.h"

#include "kpid/enums.h"

#include "kpi/formula.h"
#include "kpi/metrics.h"
#include "kpid/handlers/results_http.h"
#include "kpid/kpis/measures.h"
#include "kpid/kpis/results.h"

#include <stdlib.h>
#include <string.h>

/* The columns: a measure or a catalogue metric, and whether it is money. */
static const struct {
    const char *name;
    const char *metric; /* NULL: the measure */
    kpi_measure measure;
    bool money;
} COLUMNS[] = {
    {"spend", NULL, KPI_M_SPEND, true},
    {"leads", NULL, KPI_M_LEADS, false},
    {"valid_leads", NULL, KPI_M_VALID_LEADS, false},
    {"sql_leads", NULL, KPI_M_SQL_LEADS, false},
    {"clients", NULL, KPI_M_CLIENTS, false},
    {"new_clients", NULL, KPI_M_NEW_CLIENTS, false},
    {"revenue", NULL, KPI_M_REVENUE, true},
    {"gross_margin", NULL, KPI_M_GROSS_MARGIN, true},
    {"cpl", "cpl", 0, true},
    {"cac", "cac", 0, true},
    {"romi", "romi", 0, false},
    {"roas", "roas", 0, false},
};
#define N_COLUMNS (sizeof COLUMNS / sizeof COLUMNS[0])

/* One row: the group's key under the grouping's name ("channel", "campaign", "utm_source"),
 * then the columns. */
static json_t *row_json(const char *by, const char *key, const kpi_measure_set *set)
{
    json_t *row = json_pack("{s:s}", by, key);
    for (size_t c = 0; c < N_COLUMNS; c++) {
        kpi_opt v = kpi_measures_get(set, COLUMNS[c].measure);
        kpi_formula f;
        if (COLUMNS[c].metric != NULL)
            v = kpi_metric_compile(kpi_metric_find(COLUMNS[c].metric), &f, NULL) == KPI_OK
                    ? kpi_formula_eval(&f, set)
                    : kpi_none();
        json_object_set_new(row, COLUMNS[c].name, kpid_result_number(v, COLUMNS[c].money));
    }
    return row;
}

static int by_key(const void *a, const void *b)
{
    const struct kpid_measure_group *x = a, *y = b;
    return strcmp(x->key, y->key);
}

static enum kpid_db_status answer(struct kpid_db *db, struct kpid_period_answer *a)
{
    struct kpid_frames frames;
    struct kpid_measures measures;
    struct kpid_pg_array channel = {0};
    struct kpid_measure_spec spec = {a->p.attribution, a->p.lag_days,
                                     kpid_results_channel_sql(&a->p, &channel), a->p.by,
                                     a->p.segment};
    const char *by = kpid_channel_groupings[a->p.by - KPID_BY_CHANNEL];
    enum kpid_db_status st = kpid_results_period_measures(db, a, &spec, &frames, &measures);
    if (st == KPID_DB_OK) {
        qsort(measures.groups, measures.n, sizeof *measures.groups, by_key);
        a->rows = json_array();
        for (size_t i = 0; i < measures.n; i++)
            json_array_append_new(a->rows,
                                  row_json(by, measures.groups[i].key, &measures.groups[i].set));
        a->body = kpid_results_measures_head(&frames, &spec);
        json_object_set_new(a->body, "by", json_string(by));
        json_object_set(a->body, "channels", a->rows);
    }
    kpid_measures_free(&measures);
    kpid_frames_free(&frames);
    kpid_pg_array_free(&channel);
    return st;
}

enum kpid_outcome kpid_h_period_channels_get(struct kpid_request *req)
{
    return kpid_results_period_get(
        req, KPID_RP_AS_OF | KPID_RP_CHANNEL | KPID_RP_SEGMENT | KPID_RP_ATTRIBUTION | KPID_RP_BY,
        answer);
}
