/* GET /v1/metrics and GET /v1/measures: libkpi's metric catalogue and the measure names. */
#include "kpid/handlers/handlers.h"

#include "kpi/measures.h"
#include "kpi/metrics.h"

enum kpid_outcome kpid_h_catalogue_metrics_get(struct kpid_request *req)
{
    json_t *items = json_array();
    const kpi_metric *m;
    for (size_t i = 0; (m = kpi_metric_at(i)) != NULL; i++)
        json_array_append_new(items,
                              json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", m->id, "name", m->name,
                                        "formula", m->formula, "unit", kpi_unit_name(m->unit),
                                        "direction", kpi_direction_name(m->direction)));
    return kpid_http_reply_json(req, 200, json_pack("{s:o,s:n}", "items", items, "next_cursor"));
}

enum kpid_outcome kpid_h_measures_get(struct kpid_request *req)
{
    json_t *items = json_array();
    for (int m = 0; m < KPI_MEASURE_COUNT; m++)
        json_array_append_new(items, json_pack("{s:s}", "name", kpi_measure_name((kpi_measure)m)));
    return kpid_http_reply_json(req, 200, json_pack("{s:o,s:n}", "items", items, "next_cursor"));
}
