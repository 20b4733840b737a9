/* GET /v1/periods/{id}/funnel: the one funnel, leads -> valid -> contacted -> meetings ->
 * proposals -> clients, with each step's conversion from the step before. */
#include "kpid/handlers/handlers.h"

#include "kpi/formula.h"
#include "kpi/metrics.h"
#include "kpid/handlers/results_http.h"
#include "kpid/kpis/measures.h"
#include "kpid/kpis/results.h"

/* The steps: the measure counted and the formula of the conversion from the step before. */
static const struct {
    const char *step;
    kpi_measure measure;
    const char *conversion; /* formula text or catalogue metric id; NULL for the first */
    bool metric;
} STEPS[] = {
    {"leads", KPI_M_LEADS, NULL, false},
    {"valid", KPI_M_VALID_LEADS, "100 * valid_leads / leads", false},
    {"contacted", KPI_M_CONTACTED, "cr_lead_contact", true},
    {"meetings", KPI_M_MEETINGS, "cr_contact_meeting", true},
    {"proposals", KPI_M_PROPOSALS, "cr_meeting_proposal", true},
    {"clients", KPI_M_CLIENTS, "cr_proposal_deal", true},
};

/* A catalogue metric or a formula text evaluated over the set. */
static kpi_opt evaluate(const char *text, bool metric, const kpi_measure_set *set)
{
    kpi_formula f;
    const kpi_metric *m = metric ? kpi_metric_find(text) : NULL;
    kpi_status st = m ? kpi_metric_compile(m, &f, NULL) : kpi_formula_compile(text, &f, NULL);
    return st == KPI_OK ? kpi_formula_eval(&f, set) : kpi_none();
}

static json_t *steps_json(const kpi_measure_set *set)
{
    json_t *steps = json_array();
    for (size_t i = 0; i < sizeof STEPS / sizeof STEPS[0]; i++) {
        kpi_opt conversion =
            STEPS[i].conversion ? evaluate(STEPS[i].conversion, STEPS[i].metric, set) : kpi_none();
        json_array_append_new(
            steps, json_pack("{s:s,s:o,s:o}", "step", STEPS[i].step, "count",
                             kpid_result_number(kpi_measures_get(set, STEPS[i].measure), false),
                             "conversion", kpid_result_number(conversion, false)));
    }
    return steps;
}

static enum kpid_db_status answer(struct kpid_db *db, struct kpid_period_answer *a)
{
    struct kpid_frames frames;
    struct kpid_measures measures;
    struct kpid_pg_array channel = {0};
    struct kpid_measure_spec spec = {a->p.attribution, a->p.lag_days,
                                     kpid_results_channel_sql(&a->p, &channel), KPID_BY_NONE,
                                     a->p.segment};
    enum kpid_db_status st = kpid_results_period_measures(db, a, &spec, &frames, &measures);
    if (st == KPID_DB_OK) {
        kpi_measure_set set;
        kpid_measures_get(&measures, 0, NULL, &set);
        a->rows = steps_json(&set);
        a->body = kpid_results_measures_head(&frames, &spec);
        json_object_set_new(a->body, "channel",
                            a->p.channel ? json_string(a->p.channel) : json_null());
        json_object_set(a->body, "steps", a->rows);
        json_object_set_new(a->body, "lead_to_client",
                            kpid_result_number(evaluate("cr_lead_client", true, &set), false));
    }
    kpid_measures_free(&measures);
    kpid_frames_free(&frames);
    kpid_pg_array_free(&channel);
    return st;
}

enum kpid_outcome kpid_h_period_funnel_get(struct kpid_request *req)
{
    return kpid_results_period_get(
        req, KPID_RP_AS_OF | KPID_RP_CHANNEL | KPID_RP_SEGMENT | KPID_RP_ATTRIBUTION, answer);
}
