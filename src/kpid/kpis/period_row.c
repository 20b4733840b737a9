/* Reads and writes rows of the periods table; bounds from libkpi, instants from PostgreSQL. */
#include "kpid/kpis/period_row.h"

#include "kpid/http/json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PERIOD_COLUMNS "id, start_date, end_date, starts_at, ends_at, closed_at"

KPID_DB_STMT(upsert_period,
             "WITH tz AS (SELECT coalesce((SELECT timezone FROM workspace_settings"
             " WHERE workspace_id = $1::uuid), 'UTC') AS name)"
             " INSERT INTO periods AS p (workspace_id, id, kind, start_date, end_date, starts_at,"
             " ends_at) SELECT $1::uuid, $2, $3, $4::date, $5::date,"
             " $4::date::timestamp AT TIME ZONE tz.name, $5::date::timestamp AT TIME ZONE tz.name"
             " FROM tz ON CONFLICT (workspace_id, id) DO UPDATE SET"
             " starts_at = CASE WHEN p.closed_at IS NULL THEN excluded.starts_at"
             " ELSE p.starts_at END,"
             " ends_at = CASE WHEN p.closed_at IS NULL THEN excluded.ends_at ELSE p.ends_at END"
             " RETURNING " PERIOD_COLUMNS ", xmax = 0");

KPID_DB_STMT(select_period,
             "SELECT " PERIOD_COLUMNS " FROM periods WHERE workspace_id = $1::uuid AND id = $2");

KPID_DB_STMT(select_periods, "SELECT " PERIOD_COLUMNS " FROM periods WHERE workspace_id = $1::uuid"
                             " AND ($2::text IS NULL OR kind = $2)"
                             " AND ($3::date IS NULL OR (start_date, id) > ($3, $4))"
                             " ORDER BY start_date, id LIMIT $5::int");

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
