/* Reads and writes rows of the periods table; bounds from libkpi, instants from PostgreSQL. */
#include "kpid/kpis/period.h"

#include "kpid/json/json_out.h"
#include "kpid/store/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills row from result row i; false when the stored id is not a period libkpi knows. */
static bool from_row(const kpid_result *res, int i, struct kpid_period_row *row)
{
    memset(row, 0, sizeof *row);
    const char *id = kpid_result_text(res, i, "id");
    if (id == NULL || kpi_period_parse(id, &row->period, NULL) != KPI_OK)
        return false;
    kpi_period_format(&row->period, row->id);
    kpid_result_copy(res, i, "start_date", row->start, sizeof row->start);
    kpid_result_copy(res, i, "end_date", row->end, sizeof row->end);
    kpid_result_copy(res, i, "starts_at", row->starts_at, sizeof row->starts_at);
    kpid_result_copy(res, i, "ends_at", row->ends_at, sizeof row->ends_at);
    row->closed = kpid_result_text(res, i, "closed_at") != NULL;
    kpid_result_copy(res, i, "closed_at", row->closed_at, sizeof row->closed_at);
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
    enum kpid_db_status st;
    kpid_result *res = kpid_store_period_upsert(db, workspace_id, id, kpi_period_kind_name(p->kind),
                                                start, end, &st);
    if (res == NULL)
        return st;
    bool ok = kpid_result_rows(res) == 1 && from_row(res, 0, out);
    *created = ok && kpid_result_bool(res, 0, "created");
    kpid_result_free(res);
    return ok ? KPID_DB_OK : KPID_DB_ERROR;
}

enum kpid_db_status kpid_period_row_load(struct kpid_db *db, const char *workspace_id,
                                         const char *id, struct kpid_period_row *out, bool *found)
{
    enum kpid_db_status st;
    *found = false;
    kpid_result *res = kpid_store_period_get(db, workspace_id, id, &st);
    if (res == NULL)
        return st;
    *found = kpid_result_rows(res) == 1 && from_row(res, 0, out);
    kpid_result_free(res);
    return KPID_DB_OK;
}

enum kpid_db_status kpid_period_rows_load(struct kpid_db *db, const char *workspace_id,
                                          const struct kpid_period_filter *filter,
                                          struct kpid_period_row **out, size_t *n)
{
    static const struct kpid_period_filter none = {0};
    const struct kpid_period_filter *f = filter ? filter : &none;
    enum kpid_db_status st;
    *out = NULL;
    *n = 0;
    kpid_result *res = kpid_store_period_list(db, workspace_id, f->kind, f->after_start,
                                              f->after_id, f->limit, &st);
    if (res == NULL)
        return st;
    int rows = kpid_result_rows(res);
    *out = calloc(rows > 0 ? (size_t)rows : 1, sizeof **out);
    for (int i = 0; *out != NULL && i < rows; i++)
        if (from_row(res, i, &(*out)[*n]))
            (*n)++;
    kpid_result_free(res);
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
