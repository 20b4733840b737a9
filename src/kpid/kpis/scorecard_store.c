/* Inserts, replaces and deletes rows of the scorecards table. */
#include "kpid/kpis/scorecard_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

KPID_DB_STMT(insert_scorecard, "scorecard_insert");

KPID_DB_STMT(upsert_scorecard, "scorecard_upsert");

KPID_DB_STMT(delete_scorecard, "scorecard_delete");

enum kpid_db_status kpid_scorecard_def_save(struct kpid_db *db, const char *workspace_id,
                                            const struct kpid_scorecard_def *s, bool replace,
                                            bool *created)
{
    json_t *items = json_array();
    for (size_t i = 0; i < s->n_items; i++)
        json_array_append_new(
            items, json_pack("{s:s,s:f}", "kpi", s->items[i].kpi, "weight", s->items[i].weight));
    char *items_text = json_dumps(items, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(items);
    if (items_text == NULL)
        return KPID_DB_ERROR;
    char fixed_pay[32], bonus_base[32], max_attainment[32];
    snprintf(fixed_pay, sizeof fixed_pay, "%.2f", s->fixed_pay);
    snprintf(bonus_base, sizeof bonus_base, "%.2f", s->bonus_base);
    snprintf(max_attainment, sizeof max_attainment, "%.17g", s->max_attainment);
    const char *params[] = {workspace_id,
                            s->code,
                            s->name,
                            s->owner[0] ? s->owner : NULL,
                            kpi_period_kind_name(s->granularity),
                            fixed_pay,
                            bonus_base,
                            max_attainment,
                            items_text};
    enum kpid_db_status st;
    PGresult *res =
        kpid_db_exec(db, replace ? &upsert_scorecard : &insert_scorecard, 9, params, &st);
    free(items_text);
    if (res == NULL)
        return st;
    *created = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    return KPID_DB_OK;
}

enum kpid_db_status kpid_scorecard_def_delete(struct kpid_db *db, const char *workspace_id,
                                              const char *code, bool *found)
{
    const char *params[] = {workspace_id, code};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &delete_scorecard, 2, params, &st);
    if (res == NULL)
        return st;
    *found = PQntuples(res) == 1;
    PQclear(res);
    return KPID_DB_OK;
}
