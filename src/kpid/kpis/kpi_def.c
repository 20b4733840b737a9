/* Loads KPI definitions from the kpis table into kpid_kpi_def values and renders them. */
#include "kpid/kpis/kpi_def.h"

#include "kpid/store/rows.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/kpi_json.h"
#include "kpid/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KPID_DB_STMT(select_kpis, "kpi_list");

KPID_DB_STMT(select_kpi, "kpi_get");

void kpid_kpi_def_clear(struct kpid_kpi_def *k)
{
    free(k->name);
    free(k->formula_text);
    free(k->channels_sql);
    free(k->description);
    json_decref(k->channels);
    memset(k, 0, sizeof *k);
}

void kpid_kpi_list_free(struct kpid_kpi_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        kpid_kpi_def_clear(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->n = 0;
}

const struct kpid_kpi_def *kpid_kpi_list_find(const struct kpid_kpi_list *list, const char *code)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->items[i].code, code) == 0)
            return &list->items[i];
    return NULL;
}

const char *kpid_attribution_name(enum kpid_attribution a)
{
    return a == KPID_ATTRIBUTION_COHORT ? "cohort" : "event";
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static kpi_opt opt_number(const char *pg)
{
    return pg ? kpi_some(strtod(pg, NULL)) : kpi_none();
}

/* Fills k from row i; false (logged) when the stored definition no longer makes sense. */
static bool from_row(const PGresult *res, int i, void *item)
{
    struct kpid_kpi_def *k = item;
    memset(k, 0, sizeof *k);
    snprintf(k->code, sizeof k->code, "%s", PQgetvalue(res, i, 0));
    k->name = strdup(PQgetvalue(res, i, 1));
    snprintf(k->owner, sizeof k->owner, "%s", PQgetvalue(res, i, 2));
    snprintf(k->level, sizeof k->level, "%s", PQgetvalue(res, i, 3));
    k->formula_text = dup_or_null(kpid_pg(res, i, 5));
    k->attribution = strcmp(PQgetvalue(res, i, 10), "cohort") == 0 ? KPID_ATTRIBUTION_COHORT
                                                                   : KPID_ATTRIBUTION_EVENT;
    k->lag_days = atoi(PQgetvalue(res, i, 11));
    k->channels_sql = dup_or_null(kpid_pg(res, i, 12));
    k->channels = kpid_pg(res, i, 13) ? kpid_json_parse(PQgetvalue(res, i, 13)) : NULL;
    k->target.base = opt_number(kpid_pg(res, i, 14));
    k->target.plan = opt_number(kpid_pg(res, i, 15));
    k->target.stretch = opt_number(kpid_pg(res, i, 16));
    k->description = dup_or_null(kpid_pg(res, i, 17));
    snprintf(k->created_at, sizeof k->created_at, "%s", PQgetvalue(res, i, 18));
    snprintf(k->updated_at, sizeof k->updated_at, "%s", PQgetvalue(res, i, 19));

    kpi_error err = {0};
    kpi_status st = KPI_OK;
    if (kpid_pg(res, i, 4) != NULL) {
        k->source = KPID_KPI_METRIC;
        k->metric = kpi_metric_find(PQgetvalue(res, i, 4));
        st = k->metric ? kpi_metric_compile(k->metric, &k->formula, &err) : KPI_ERR_UNKNOWN;
    } else if (k->formula_text != NULL) {
        k->source = KPID_KPI_FORMULA;
        st = kpi_formula_compile(k->formula_text, &k->formula, &err);
    } else {
        k->source = KPID_KPI_MANUAL;
    }
    if (st == KPI_OK) {
        st = kpi_unit_parse(PQgetvalue(res, i, 7), &k->unit, &err);
        if (st == KPI_OK)
            st = kpi_direction_parse(PQgetvalue(res, i, 8), &k->direction, &err);
        if (st == KPI_OK)
            st = kpi_period_kind_parse(PQgetvalue(res, i, 9), &k->granularity, &err);
    }
    if (st != KPI_OK || k->name == NULL) {
        kpid_log(KPID_LOG_ERROR, "stored KPI %s is unusable: %s", k->code,
                 st != KPI_OK ? kpi_status_name(st) : "out of memory");
        return false;
    }
    return true;
}

static void clear_item(void *item)
{
    kpid_kpi_def_clear(item);
}

static const struct kpid_db_row_kind rows = {sizeof(struct kpid_kpi_def), from_row, clear_item};

enum kpid_db_status kpid_kpi_defs_load(struct kpid_db *db, const char *workspace_id,
                                       const struct kpid_kpi_filter *filter,
                                       struct kpid_kpi_list *out)
{
    static const struct kpid_kpi_filter none = {0};
    const struct kpid_kpi_filter *f = filter ? filter : &none;
    const char *params[] = {workspace_id, f->granularity, f->owner, f->after_code, f->limit};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &select_kpis, 5, params, &st);
    out->n = 0;
    out->items = res ? kpid_db_rows(res, &rows, &out->n) : NULL;
    if (res == NULL)
        return st;
    return out->items ? KPID_DB_OK : KPID_DB_ERROR;
}

enum kpid_db_status kpid_kpi_def_load(struct kpid_db *db, const char *workspace_id,
                                      const char *code, struct kpid_kpi_def *out, bool *found)
{
    const char *params[] = {workspace_id, code};
    enum kpid_db_status st;
    *found = false;
    PGresult *res = kpid_db_exec(db, &select_kpi, 2, params, &st);
    return res ? kpid_db_row(res, &rows, out, found) : st;
}

json_t *kpid_kpi_def_json(const struct kpid_kpi_def *k)
{
    json_t *filters = json_object();
    if (k->channels != NULL)
        json_object_set(filters, "channels", k->channels);
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:s,s:s,s:s,s:s,s:i,s:o,s:o,s:o,s:o,s:o}",
                     "code", k->code, "name", k->name, "owner", k->owner, "level", k->level,
                     "metric", k->metric ? json_string(k->metric->id) : json_null(), "formula",
                     kpid_json_text(k->formula_text), "manual", k->source == KPID_KPI_MANUAL,
                     "unit", kpi_unit_name(k->unit), "direction", kpi_direction_name(k->direction),
                     "granularity", kpi_period_kind_name(k->granularity), "attribution",
                     kpid_attribution_name(k->attribution), "lag_days", k->lag_days, "filters",
                     filters, "target", kpid_json_target(&k->target), "description",
                     kpid_json_text(k->description), "created_at",
                     kpid_json_timestamp(k->created_at[0] ? k->created_at : NULL), "updated_at",
                     kpid_json_timestamp(k->updated_at[0] ? k->updated_at : NULL));
}
