/* Loads scorecard definitions from the scorecards table, converts them for libkpi, renders them. */
#include "kpid/kpis/scorecard_def.h"

#include "kpid/store/rows.h"
#include "kpid/store/scorecard.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/kpi_json.h"
#include "kpid/log.h"

#include "kpi/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kpid_scorecard_def_clear(struct kpid_scorecard_def *s)
{
    free(s->name);
    memset(s, 0, sizeof *s);
}

/* Reads the stored items [{kpi, weight}]; false when they are not what writes store. */
static bool parse_items(const char *text, struct kpid_scorecard_def *s)
{
    json_t *items = json_loads(text, 0, NULL);
    size_t i;
    json_t *item;
    bool ok = json_is_array(items) && json_array_size(items) >= 1 &&
              json_array_size(items) <= KPI_SCORECARD_MAX_ITEMS;
    json_array_foreach(ok ? items : NULL, i, item)
    {
        const char *kpi = json_string_value(json_object_get(item, "kpi"));
        const json_t *weight = json_object_get(item, "weight");
        if (kpi == NULL || !json_is_number(weight)) {
            ok = false;
            break;
        }
        snprintf(s->items[i].kpi, sizeof s->items[i].kpi, "%s", kpi);
        s->items[i].weight = json_number_value(weight);
        s->n_items = i + 1;
    }
    json_decref(items);
    return ok;
}

/* A numeric column of row i; 0 for SQL NULL. */
static double number(const kpid_result *res, int i, const char *column)
{
    const char *v = kpid_result_text(res, i, column);
    return v ? strtod(v, NULL) : 0.0;
}

static bool from_row(const kpid_result *res, int i, void *item)
{
    struct kpid_scorecard_def *s = item;
    memset(s, 0, sizeof *s);
    kpid_result_copy(res, i, "code", s->code, sizeof s->code);
    s->name = kpid_result_text(res, i, "name") ? strdup(kpid_result_text(res, i, "name")) : NULL;
    kpid_result_copy(res, i, "owner", s->owner, sizeof s->owner);
    s->fixed_pay = number(res, i, "fixed_pay");
    s->bonus_base = number(res, i, "bonus_base");
    s->max_attainment = number(res, i, "max_attainment");
    kpid_result_copy(res, i, "created_at", s->created_at, sizeof s->created_at);
    kpid_result_copy(res, i, "updated_at", s->updated_at, sizeof s->updated_at);
    const char *granularity = kpid_result_text(res, i, "granularity"),
               *items = kpid_result_text(res, i, "items");
    if (s->name == NULL || granularity == NULL || items == NULL ||
        kpi_period_kind_parse(granularity, &s->granularity, NULL) || !parse_items(items, s)) {
        kpid_log(KPID_LOG_ERROR, "stored scorecard %s is unusable", s->code);
        return false;
    }
    return true;
}

static void clear_item(void *item)
{
    kpid_scorecard_def_clear(item);
}

static const struct kpid_db_row_kind rows = {sizeof(struct kpid_scorecard_def), from_row,
                                             clear_item};

void kpid_scorecard_list_free(struct kpid_scorecard_list *list)
{
    kpid_db_rows_free(list->items, list->n, &rows);
    list->items = NULL;
    list->n = 0;
}

enum kpid_db_status kpid_scorecard_defs_load(struct kpid_db *db, const char *workspace_id,
                                             const struct kpid_scorecard_filter *filter,
                                             struct kpid_scorecard_list *out)
{
    static const struct kpid_scorecard_filter none = {0};
    const struct kpid_scorecard_filter *f = filter ? filter : &none;
    enum kpid_db_status st;
    kpid_result *res =
        kpid_store_scorecard_list(db, workspace_id, f->granularity, f->after_code, f->limit, &st);
    out->items = kpid_db_rows_of(res, &rows, &out->n, &st);
    return st;
}

enum kpid_db_status kpid_scorecard_def_load(struct kpid_db *db, const char *workspace_id,
                                            const char *code, struct kpid_scorecard_def *out,
                                            bool *found)
{
    enum kpid_db_status st;
    *found = false;
    kpid_result *res = kpid_store_scorecard_get(db, workspace_id, code, &st);
    return res ? kpid_db_row(res, &rows, out, found) : st;
}

int kpid_scorecard_def_to_kpi(const struct kpid_scorecard_def *def,
                              const struct kpid_kpi_list *kpis,
                              kpi_scorecard_item items[KPI_SCORECARD_MAX_ITEMS], kpi_scorecard *out)
{
    int missing = -1;
    for (size_t i = 0; i < def->n_items; i++) {
        const struct kpid_kpi_def *k = kpid_kpi_list_find(kpis, def->items[i].kpi);
        if (k == NULL && missing < 0)
            missing = (int)i;
        items[i] = (kpi_scorecard_item){
            .weight = def->items[i].weight,
            .granularity = k ? k->granularity : def->granularity,
            .direction = k ? k->direction : KPI_HIGHER_IS_BETTER,
            .fact = kpi_none(),
            .target = {kpi_none(), kpi_none(), kpi_none()},
        };
    }
    *out = (kpi_scorecard){
        .granularity = def->granularity,
        .max_attainment = def->max_attainment,
        .fixed_pay = def->fixed_pay,
        .bonus_base = def->bonus_base,
        .n_items = def->n_items,
        .items = items,
    };
    return missing;
}

json_t *kpid_warnings_json(unsigned warnings)
{
    json_t *list = json_array();
    for (unsigned bit = 1; bit != 0 && bit <= warnings; bit <<= 1)
        if (warnings & bit)
            json_array_append_new(list, json_string(kpi_warning_text(bit)));
    return list;
}

json_t *kpid_scorecard_def_json(const struct kpid_scorecard_def *s)
{
    json_t *items = json_array();
    for (size_t i = 0; i < s->n_items; i++)
        json_array_append_new(
            items, json_pack("{s:s,s:f}", "kpi", s->items[i].kpi, "weight", s->items[i].weight));
    unsigned warnings = s->n_items > KPI_SCORECARD_WARN_ITEMS ? KPI_WARN_MANY_ITEMS : 0;
    return json_pack("{s:s,s:s,s:o,s:s,s:o,s:o,s:f,s:o,s:o,s:o,s:o}", "code", s->code, "name",
                     s->name, "owner", kpid_json_text(s->owner[0] ? s->owner : NULL), "granularity",
                     kpi_period_kind_name(s->granularity), "fixed_pay",
                     kpid_json_opt(kpi_some(kpi_round_money(s->fixed_pay))), "bonus_base",
                     kpid_json_opt(kpi_some(kpi_round_money(s->bonus_base))), "max_attainment",
                     s->max_attainment, "items", items, "warnings", kpid_warnings_json(warnings),
                     "created_at", kpid_json_timestamp(s->created_at[0] ? s->created_at : NULL),
                     "updated_at", kpid_json_timestamp(s->updated_at[0] ? s->updated_at : NULL));
}
