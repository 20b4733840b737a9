/* Reads the effective targets of a period and stores a period's own target of a KPI. */
#include "kpid/kpis/target.h"

#include "kpid/kpis/kpi_json.h"
#include "kpid/store/rows.h"
#include "kpid/store/target.h"

#include <stdio.h>
#include <stdlib.h>

static kpi_opt opt_number(const char *pg)
{
    return pg ? kpi_some(strtod(pg, NULL)) : kpi_none();
}

static bool from_row(const kpid_result *res, int i, void *item)
{
    struct kpid_target_row *r = item;
    kpid_result_copy(res, i, "kpi_code", r->kpi, sizeof r->kpi);
    r->own = kpid_result_bool(res, i, "own");
    r->target = (kpi_target){opt_number(kpid_result_text(res, i, "base")),
                             opt_number(kpid_result_text(res, i, "plan")),
                             opt_number(kpid_result_text(res, i, "stretch"))};
    return true;
}

static const struct kpid_db_row_kind row_kind = {sizeof(struct kpid_target_row), from_row, NULL};

enum kpid_db_status kpid_target_rows_load(struct kpid_db *db, const char *workspace_id,
                                          const char *period_id, const char *kind,
                                          struct kpid_target_row **out, size_t *n)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_target_list(db, workspace_id, period_id, kind, &st);
    *out = kpid_db_rows_of(res, &row_kind, n, &st);
    return st;
}

enum kpid_db_status kpid_target_row_save(struct kpid_db *db, const char *workspace_id,
                                         const char *period_id, const char *kpi,
                                         const kpi_target *t, bool *created)
{
    char text[3][32];
    const kpi_opt *parts[] = {&t->base, &t->plan, &t->stretch};
    for (int i = 0; i < 3; i++)
        snprintf(text[i], sizeof text[i], "%.17g", parts[i]->value);
    return kpid_store_target_upsert(
        db, workspace_id, period_id, kpi, t->base.present ? text[0] : NULL,
        t->plan.present ? text[1] : NULL, t->stretch.present ? text[2] : NULL, created);
}

json_t *kpid_target_row_json(const struct kpid_target_row *row)
{
    json_t *o = kpid_json_target(&row->target);
    json_object_set_new(o, "kpi", json_string(row->kpi));
    json_object_set_new(o, "source", json_string(row->own ? "period" : "default"));
    return o;
}
