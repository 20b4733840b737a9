/* Inserts, replaces and deletes rows of the kpis table; finds the scorecards using a KPI. */
#include "kpid/kpis/kpi_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KPID_DB_STMT(insert_kpi, "kpi_insert");

KPID_DB_STMT(upsert_kpi, "kpi_upsert");

KPID_DB_STMT(delete_kpi, "kpi_delete");

KPID_DB_STMT(kpi_scorecards, "kpi_scorecard_list");

KPID_DB_STMT(lock_kpis_update, "kpi_lock_update");
KPID_DB_STMT(lock_kpis_share, "kpi_lock_share");

enum kpid_db_status kpid_kpi_lock(struct kpid_db *db, const char *workspace_id,
                                  const char *codes_json, bool exclusive)
{
    const char *params[] = {workspace_id, codes_json};
    enum kpid_db_status st;
    PGresult *res =
        kpid_db_exec(db, exclusive ? &lock_kpis_update : &lock_kpis_share, 2, params, &st);
    PQclear(res);
    return st;
}

static void number_text(kpi_opt v, char buf[32])
{
    snprintf(buf, 32, "%.17g", v.value);
}

enum kpid_db_status kpid_kpi_def_save(struct kpid_db *db, const char *workspace_id,
                                      const struct kpid_kpi_def *k, bool replace, bool *created)
{
    char base[32], plan[32], stretch[32], lag[16];
    number_text(k->target.base, base);
    number_text(k->target.plan, plan);
    number_text(k->target.stretch, stretch);
    snprintf(lag, sizeof lag, "%d", k->lag_days);
    char *channels = k->channels ? json_dumps(k->channels, JSON_COMPACT) : NULL;
    const char *params[] = {workspace_id,
                            k->code,
                            k->name,
                            k->owner,
                            k->level,
                            k->metric ? k->metric->id : NULL,
                            k->formula_text,
                            k->source == KPID_KPI_MANUAL ? "t" : "f",
                            kpi_unit_name(k->unit),
                            kpi_direction_name(k->direction),
                            kpi_period_kind_name(k->granularity),
                            kpid_attribution_name(k->attribution),
                            lag,
                            channels,
                            k->target.base.present ? base : NULL,
                            k->target.plan.present ? plan : NULL,
                            k->target.stretch.present ? stretch : NULL,
                            k->description};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, replace ? &upsert_kpi : &insert_kpi, 18, params, &st);
    free(channels);
    if (res == NULL)
        return st;
    *created = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    return KPID_DB_OK;
}

enum kpid_db_status kpid_kpi_def_delete(struct kpid_db *db, const char *workspace_id,
                                        const char *code, bool *found)
{
    const char *params[] = {workspace_id, code};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &delete_kpi, 2, params, &st);
    if (res == NULL)
        return st;
    *found = PQntuples(res) == 1;
    PQclear(res);
    return KPID_DB_OK;
}

enum kpid_db_status kpid_kpi_scorecards(struct kpid_db *db, const char *workspace_id,
                                        const char *code, const char *unless_granularity,
                                        json_t **codes)
{
    const char *params[] = {workspace_id, code, unless_granularity};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &kpi_scorecards, 3, params, &st);
    if (res == NULL)
        return st;
    *codes = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    PQclear(res);
    return *codes ? KPID_DB_OK : KPID_DB_ERROR;
}
