/* GET /v1/periods/{id}/channels: per channel spend, leads, valid and SQL leads, clients,
 * revenue, and CPL, CAC, ROMI, ROAS by the metric catalogue's formulas. */
#include "kpid/handlers/handlers.h"

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

static json_t *row_json(const char *channel, const kpi_measure_set *set)
{
    json_t *row = json_pack("{s:s}", "channel", channel);
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

static int by_channel(const void *a, const void *b)
{
    const struct kpid_measure_group *x = a, *y = b;
    return strcmp(x->channel, y->channel);
}

static enum kpid_db_status answer(struct kpid_db *db, struct kpid_period_answer *a)
{
    struct kpid_frames frames;
    struct kpid_measures measures;
    struct kpid_measure_spec spec = {a->p.attribution, a->p.lag_days, NULL, true};
    enum kpid_db_status st = kpid_results_period_measures(db, a, &spec, &frames, &measures);
    if (st == KPID_DB_OK) {
        qsort(measures.groups, measures.n, sizeof *measures.groups, by_channel);
        a->rows = json_array();
        for (size_t i = 0; i < measures.n; i++)
            json_array_append_new(a->rows,
                                  row_json(measures.groups[i].channel, &measures.groups[i].set));
        a->body = kpid_results_measures_head(&frames, &spec);
        json_object_set(a->body, "channels", a->rows);
    }
    kpid_measures_free(&measures);
    kpid_frames_free(&frames);
    return st;
}

enum kpid_outcome kpid_h_period_channels_get(struct kpid_request *req)
{
    return kpid_results_period_get(req, KPID_RP_AS_OF | KPID_RP_ATTRIBUTION, answer);
}
