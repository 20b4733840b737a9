/* Inserts and replaces KPI definitions; finds the scorecards using a KPI. */
#include "kpid/kpis/kpi_store.h"

#include "kpid/store/kpi.h"

#include <stdio.h>
#include <stdlib.h>

enum kpid_db_status kpid_kpi_lock(struct kpid_db *db, const char *workspace_id,
                                  const char *codes_json, bool exclusive)
{
    return exclusive ? kpid_store_kpi_lock_update(db, workspace_id, codes_json)
                     : kpid_store_kpi_lock_share(db, workspace_id, codes_json);
}

/* A target part as numeric text into buf, or NULL when absent. */
static const char *number_text(kpi_opt v, char buf[32])
{
    snprintf(buf, 32, "%.17g", v.value);
    return v.present ? buf : NULL;
}

enum kpid_db_status kpid_kpi_def_save(struct kpid_db *db, const char *workspace_id,
                                      const struct kpid_kpi_def *k, bool replace, bool *created)
{
    char base[32], plan[32], stretch[32], lag[16];
    snprintf(lag, sizeof lag, "%d", k->lag_days);
    char *channels = k->channels ? json_dumps(k->channels, JSON_COMPACT) : NULL;
    const struct kpid_store_kpi row = {
        .code = k->code,
        .name = k->name,
        .owner = k->owner,
        .level = k->level,
        .metric = k->metric ? k->metric->id : NULL,
        .formula = k->formula_text,
        .manual = k->source == KPID_KPI_MANUAL ? "t" : "f",
        .unit = kpi_unit_name(k->unit),
        .direction = kpi_direction_name(k->direction),
        .granularity = kpi_period_kind_name(k->granularity),
        .attribution = kpid_attribution_name(k->attribution),
        .lag_days = lag,
        .channels = channels,
        .target_base = number_text(k->target.base, base),
        .target_plan = number_text(k->target.plan, plan),
        .target_stretch = number_text(k->target.stretch, stretch),
        .description = k->description,
    };
    enum kpid_db_status st = kpid_store_kpi_save(db, workspace_id, &row, replace, created);
    free(channels);
    return st;
}

enum kpid_db_status kpid_kpi_scorecards(struct kpid_db *db, const char *workspace_id,
                                        const char *code, const char *unless_granularity,
                                        json_t **codes)
{
    enum kpid_db_status st;
    kpid_result *res =
        kpid_store_kpi_scorecard_list(db, workspace_id, code, unless_granularity, &st);
    if (res == NULL)
        return st;
    const char *text = kpid_result_rows(res) == 1 ? kpid_result_text(res, 0, "codes") : NULL;
    *codes = text ? json_loads(text, 0, NULL) : NULL;
    kpid_result_free(res);
    return *codes ? KPID_DB_OK : KPID_DB_ERROR;
}
