/* Reads and stores rows of manual_facts. */
#include "kpid/kpis/fact.h"

#include "kpid/json/json_out.h"
#include "kpid/kpis/kpi_json.h"
#include "kpid/store/fact.h"
#include "kpid/store/rows.h"

#include <stdio.h>
#include <stdlib.h>

static bool from_row(const kpid_result *res, int i, void *item)
{
    struct kpid_fact_row *r = item;
    const char *value = kpid_result_text(res, i, "value");
    kpid_result_copy(res, i, "kpi_code", r->kpi, sizeof r->kpi);
    r->value = value ? strtod(value, NULL) : 0.0;
    kpid_result_copy(res, i, "updated_at", r->updated_at, sizeof r->updated_at);
    return true;
}

static const struct kpid_db_row_kind row_kind = {sizeof(struct kpid_fact_row), from_row, NULL};

enum kpid_db_status kpid_fact_rows_load(struct kpid_db *db, const char *workspace_id,
                                        const char *period_id, struct kpid_fact_row **out,
                                        size_t *n)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_fact_list(db, workspace_id, period_id, &st);
    *out = kpid_db_rows_of(res, &row_kind, n, &st);
    return st;
}

enum kpid_db_status kpid_fact_row_save(struct kpid_db *db, const char *workspace_id,
                                       const char *period_id, const char *kpi, const char *value,
                                       struct kpid_fact_row *out, bool *created)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_fact_upsert(db, workspace_id, period_id, kpi, value, &st);
    if (res == NULL)
        return st;
    bool ok = kpid_result_rows(res) == 1;
    if (ok)
        from_row(res, 0, out);
    *created = ok && kpid_result_bool(res, 0, "created");
    kpid_result_free(res);
    return ok ? KPID_DB_OK : KPID_DB_ERROR;
}

json_t *kpid_fact_row_json(const struct kpid_fact_row *row)
{
    return json_pack("{s:s,s:o,s:o}", "kpi", row->kpi, "value", kpid_json_opt(kpi_some(row->value)),
                     "updated_at", kpid_json_timestamp(row->updated_at));
}
