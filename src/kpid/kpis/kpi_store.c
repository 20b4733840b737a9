/* Inserts, replaces and deletes rows of the kpis table; finds the scorecards using a KPI. */
#include "kpid/kpis/kpi_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KPI_VALUES                                                                                 \
    " VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::boolean, $9, $10, $11, $12, $13::int,"         \
    " (SELECT array_agg(c ORDER BY n) FROM jsonb_array_elements_text($14::jsonb)"                  \
    " WITH ORDINALITY AS t (c, n)), $15::numeric, $16::numeric, $17::numeric, $18)"

#define KPI_INSERT                                                                                 \
    "INSERT INTO kpis AS k (workspace_id, code, name, owner, level, metric, formula, manual,"      \
    " unit, direction, granularity, attribution, lag_days, channels, target_base, target_plan,"    \
    " target_stretch, description)" KPI_VALUES " ON CONFLICT (workspace_id, code)"

KPID_DB_STMT(insert_kpi, KPI_INSERT " DO NOTHING RETURNING true");

KPID_DB_STMT(upsert_kpi,
             KPI_INSERT " DO UPDATE SET name = excluded.name, owner = excluded.owner,"
                        " level = excluded.level, metric = excluded.metric,"
                        " formula = excluded.formula, manual = excluded.manual,"
                        " unit = excluded.unit, direction = excluded.direction,"
                        " granularity = excluded.granularity, attribution = excluded.attribution,"
                        " lag_days = excluded.lag_days, channels = excluded.channels,"
                        " target_base = excluded.target_base, target_plan = excluded.target_plan,"
                        " target_stretch = excluded.target_stretch,"
                        " description = excluded.description, updated_at = now()"
                        " RETURNING xmax = 0");

KPID_DB_STMT(delete_kpi, "DELETE FROM kpis WHERE workspace_id = $1::uuid AND code = $2"
                         " RETURNING code");

KPID_DB_STMT(kpi_scorecards,
             "SELECT coalesce(json_agg(code ORDER BY code), '[]')::text FROM scorecards"
             " WHERE workspace_id = $1::uuid"
             " AND items @> jsonb_build_array(jsonb_build_object('kpi', $2::text))"
             " AND ($3::text IS NULL OR granularity <> $3)");

#define KPI_LOCK                                                                                   \
    "SELECT code FROM kpis WHERE workspace_id = $1::uuid"                                          \
    " AND code IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY code"

KPID_DB_STMT(lock_kpis_update, KPI_LOCK " FOR UPDATE");
KPID_DB_STMT(lock_kpis_share, KPI_LOCK " FOR SHARE");

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
