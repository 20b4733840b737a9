/* Loads KPI definitions from the kpis table into kpid_kpi_def values and renders them. */
#include "kpid/kpis/kpi_def.h"

#include "kpid/store/kpi.h"
#include "kpid/store/rows.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/kpi_json.h"
#include "kpid/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kpid_kpi_def_clear(struct kpid_kpi_def *k)
{
    free(k->name);
    free(k->formula_text);
    free(k->channels_sql);
    free(k->description);
    json_decref(k->channels);
    memset(k, 0, sizeof *k);
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

/* The formula of a stored KPI compiled: its metric's, its own, or none (manual). */
static kpi_status compile(const kpid_result *res, int i, struct kpid_kpi_def *k, kpi_error *err)
{
    const char *metric = kpid_result_text(res, i, "metric");
    if (metric != NULL) {
        k->source = KPID_KPI_METRIC;
        k->metric = kpi_metric_find(metric);
        return k->metric ? kpi_metric_compile(k->metric, &k->formula, err) : KPI_ERR_UNKNOWN;
    }
    if (k->formula_text != NULL) {
        k->source = KPID_KPI_FORMULA;
        return kpi_formula_compile(k->formula_text, &k->formula, err);
    }
    k->source = KPID_KPI_MANUAL;
    return KPI_OK;
}

/* The unit, direction and granularity of a stored KPI. */
static kpi_status parse_kinds(const kpid_result *res, int i, struct kpid_kpi_def *k, kpi_error *err)
{
    kpi_status st = kpi_unit_parse(kpid_result_text(res, i, "unit"), &k->unit, err);
    if (st == KPI_OK)
        st = kpi_direction_parse(kpid_result_text(res, i, "direction"), &k->direction, err);
    if (st == KPI_OK)
        st = kpi_period_kind_parse(kpid_result_text(res, i, "granularity"), &k->granularity, err);
    return st;
}

/* Fills k from row i; false (logged) when the stored definition no longer makes sense. */
static bool from_row(const kpid_result *res, int i, void *item)
{
    struct kpid_kpi_def *k = item;
    memset(k, 0, sizeof *k);
    kpid_result_copy(res, i, "code", k->code, sizeof k->code);
    k->name = dup_or_null(kpid_result_text(res, i, "name"));
    kpid_result_copy(res, i, "owner", k->owner, sizeof k->owner);
    kpid_result_copy(res, i, "level", k->level, sizeof k->level);
    k->formula_text = dup_or_null(kpid_result_text(res, i, "formula"));
    const char *attribution = kpid_result_text(res, i, "attribution");
    k->attribution = attribution && strcmp(attribution, "cohort") == 0 ? KPID_ATTRIBUTION_COHORT
                                                                       : KPID_ATTRIBUTION_EVENT;
    k->lag_days =
        kpid_result_text(res, i, "lag_days") ? atoi(kpid_result_text(res, i, "lag_days")) : 0;
    k->channels_sql = dup_or_null(kpid_result_text(res, i, "channels_sql"));
    k->channels = kpid_result_text(res, i, "channels_json")
                      ? kpid_json_parse(kpid_result_text(res, i, "channels_json"))
                      : NULL;
    k->target.base = opt_number(kpid_result_text(res, i, "target_base"));
    k->target.plan = opt_number(kpid_result_text(res, i, "target_plan"));
    k->target.stretch = opt_number(kpid_result_text(res, i, "target_stretch"));
    k->description = dup_or_null(kpid_result_text(res, i, "description"));
    kpid_result_copy(res, i, "created_at", k->created_at, sizeof k->created_at);
    kpid_result_copy(res, i, "updated_at", k->updated_at, sizeof k->updated_at);

    kpi_error err = {0};
    kpi_status st = compile(res, i, k, &err);
    if (st == KPI_OK)
        st = parse_kinds(res, i, k, &err);
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

void kpid_kpi_list_free(struct kpid_kpi_list *list)
{
    kpid_db_rows_free(list->items, list->n, &rows);
    list->items = NULL;
    list->n = 0;
}

enum kpid_db_status kpid_kpi_defs_load(struct kpid_db *db, const char *workspace_id,
                                       const struct kpid_kpi_filter *filter,
                                       struct kpid_kpi_list *out)
{
    static const struct kpid_kpi_filter none = {0};
    const struct kpid_kpi_filter *f = filter ? filter : &none;
    enum kpid_db_status st;
    kpid_result *res = kpid_store_kpi_list(db, workspace_id, f->granularity, f->owner,
                                           f->after_code, f->limit, &st);
    out->items = kpid_db_rows_of(res, &rows, &out->n, &st);
    return st;
}

enum kpid_db_status kpid_kpi_def_load(struct kpid_db *db, const char *workspace_id,
                                      const char *code, struct kpid_kpi_def *out, bool *found)
{
    enum kpid_db_status st;
    *found = false;
    kpid_result *res = kpid_store_kpi_get(db, workspace_id, code, &st);
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
