/* Reads and stores rows of manual_facts. */
#include "kpid/kpis/fact_row.h"

#include "kpid/json/json_out.h"
#include "kpid/kpis/kpi_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KPID_DB_STMT(select_facts, "fact_list");

KPID_DB_STMT(upsert_fact, "fact_upsert");

static void from_row(const PGresult *res, int i, struct kpid_fact_row *r)
{
    snprintf(r->kpi, sizeof r->kpi, "%s", PQgetvalue(res, i, 0));
    r->value = strtod(PQgetvalue(res, i, 1), NULL);
    snprintf(r->updated_at, sizeof r->updated_at, "%s", PQgetvalue(res, i, 2));
}

enum kpid_db_status kpid_fact_rows_load(struct kpid_db *db, const char *workspace_id,
                                        const char *period_id, struct kpid_fact_row **out,
                                        size_t *n)
{
    const char *params[] = {workspace_id, period_id};
    enum kpid_db_status st;
    *out = NULL;
    *n = 0;
    PGresult *res = kpid_db_exec(db, &select_facts, 2, params, &st);
    if (res == NULL)
        return st;
    int rows = PQntuples(res);
    *out = calloc(rows > 0 ? (size_t)rows : 1, sizeof **out);
    for (int i = 0; *out != NULL && i < rows; i++, (*n)++)
        from_row(res, i, &(*out)[i]);
    PQclear(res);
    return *out ? KPID_DB_OK : KPID_DB_ERROR;
}

const struct kpid_fact_row *kpid_fact_rows_find(const struct kpid_fact_row *rows, size_t n,
                                                const char *kpi)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].kpi, kpi) == 0)
            return &rows[i];
    return NULL;
}

enum kpid_db_status kpid_fact_row_save(struct kpid_db *db, const char *workspace_id,
                                       const char *period_id, const char *kpi, const char *value,
                                       struct kpid_fact_row *out, bool *created)
{
    const char *params[] = {workspace_id, period_id, kpi, value};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &upsert_fact, 4, params, &st);
    if (res == NULL)
        return st;
    bool ok = PQntuples(res) == 1;
    if (ok)
        from_row(res, 0, out);
    *created = ok && PQgetvalue(res, 0, 3)[0] == 't';
    PQclear(res);
    return ok ? KPID_DB_OK : KPID_DB_ERROR;
}

json_t *kpid_fact_row_json(const struct kpid_fact_row *row)
{
    return json_pack("{s:s,s:o,s:o}", "kpi", row->kpi, "value", kpid_json_opt(kpi_some(row->value)),
                     "updated_at", kpid_json_timestamp(row->updated_at));
}
