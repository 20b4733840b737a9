/* Reads and writes rows of the periods table; bounds from libkpi, instants from PostgreSQL. */
#include "kpid/kpis/period_row.h"

#include "kpid/json/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KPID_DB_STMT(upsert_period, "period_upsert");

KPID_DB_STMT(select_period, "period_get");

KPID_DB_STMT(select_periods, "period_list");

/* Fills row from result row i; false when the stored id is not a period libkpi knows. */
static bool from_row(const PGresult *res, int i, struct kpid_period_row *row)
{
    memset(row, 0, sizeof *row);
    if (kpi_period_parse(PQgetvalue(res, i, 0), &row->period, NULL) != KPI_OK)
        return false;
    kpi_period_format(&row->period, row->id);
    snprintf(row->start, sizeof row->start, "%s", PQgetvalue(res, i, 1));
    snprintf(row->end, sizeof row->end, "%s", PQgetvalue(res, i, 2));
    snprintf(row->starts_at, sizeof row->starts_at, "%s", PQgetvalue(res, i, 3));
    snprintf(row->ends_at, sizeof row->ends_at, "%s", PQgetvalue(res, i, 4));
    row->closed = !PQgetisnull(res, i, 5);
    snprintf(row->closed_at, sizeof row->closed_at, "%s", PQgetvalue(res, i, 5));
    return true;
}

enum kpid_db_status kpid_period_row_upsert(struct kpid_db *db, const char *workspace_id,
                                           const kpi_period *p, struct kpid_period_row *out,
                                           bool *created)
{
    char id[KPI_PERIOD_TEXT_SIZE], start[KPI_DATE_TEXT_SIZE], end[KPI_DATE_TEXT_SIZE];
    kpi_period_format(p, id);
    kpi_date_format(kpi_period_start(p), start);
    kpi_date_format(kpi_period_end(p), end);
    const char *params[] = {workspace_id, id, kpi_period_kind_name(p->kind), start, end};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &upsert_period, 5, params, &st);
    if (res == NULL)
        return st;
    bool ok = PQntuples(res) == 1 && from_row(res, 0, out);
    *created = ok && PQgetvalue(res, 0, 6)[0] == 't';
    PQclear(res);
    return ok ? KPID_DB_OK : KPID_DB_ERROR;
}

enum kpid_db_status kpid_period_row_load(struct kpid_db *db, const char *workspace_id,
                                         const char *id, struct kpid_period_row *out, bool *found)
{
    const char *params[] = {workspace_id, id};
    enum kpid_db_status st;
    *found = false;
    PGresult *res = kpid_db_exec(db, &select_period, 2, params, &st);
    if (res == NULL)
        return st;
    *found = PQntuples(res) == 1 && from_row(res, 0, out);
    PQclear(res);
    return KPID_DB_OK;
}

enum kpid_db_status kpid_period_rows_load(struct kpid_db *db, const char *workspace_id,
                                          const struct kpid_period_filter *filter,
                                          struct kpid_period_row **out, size_t *n)
{
    static const struct kpid_period_filter none = {0};
    const struct kpid_period_filter *f = filter ? filter : &none;
    const char *params[] = {workspace_id, f->kind, f->after_start, f->after_id, f->limit};
    enum kpid_db_status st;
    *out = NULL;
    *n = 0;
    PGresult *res = kpid_db_exec(db, &select_periods, 5, params, &st);
    if (res == NULL)
        return st;
    int rows = PQntuples(res);
    *out = calloc(rows > 0 ? (size_t)rows : 1, sizeof **out);
    for (int i = 0; *out != NULL && i < rows; i++)
        if (from_row(res, i, &(*out)[*n]))
            (*n)++;
    PQclear(res);
    return *out ? KPID_DB_OK : KPID_DB_ERROR;
}

json_t *kpid_period_row_json(const struct kpid_period_row *row)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:o}", "id", row->id, "kind",
                     kpi_period_kind_name(row->period.kind), "start", row->start, "end", row->end,
                     "starts_at", kpid_json_timestamp(row->starts_at), "ends_at",
                     kpid_json_timestamp(row->ends_at), "closed", row->closed, "closed_at",
                     kpid_json_timestamp(row->closed ? row->closed_at : NULL));
}
