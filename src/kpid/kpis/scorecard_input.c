/* Turns a ScorecardInput JSON body into a checked kpid_scorecard_def. */
#include "kpid/kpis/scorecard_input.h"
#include "kpid/enums.h"

#include "kpid/json/fields.h"
#include "kpid/json/errors.h"
#include "kpid/kpis/kpi_input.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONEY_MAX 1e13

enum {
    F_CODE,
    F_NAME,
    F_OWNER,
    F_GRANULARITY,
    F_FIXED_PAY,
    F_BONUS_BASE,
    F_MAX_ATTAINMENT,
    F_WARNINGS,
    F_CREATED_AT,
    F_UPDATED_AT,
    F_COUNT
};

static const struct kpid_field spec[F_COUNT] = {
    [F_CODE] = {KPID_DEF_CODE},
    [F_NAME] = {KPID_DEF_NAME},
    [F_OWNER] = {.path = "owner", .type = KPID_FIELD_ENUM, .choices = kpid_kpi_owners},
    [F_GRANULARITY] = {KPID_DEF_GRANULARITY},
    [F_FIXED_PAY] = {.path = "fixed_pay", .type = KPID_FIELD_MONEY, .max = MONEY_MAX},
    [F_BONUS_BASE] = {.path = "bonus_base", .type = KPID_FIELD_MONEY, .max = MONEY_MAX},
    [F_MAX_ATTAINMENT] = {.path = "max_attainment", .type = KPID_FIELD_NUMBER, .max = 1000},
    [F_WARNINGS] = {.path = "warnings", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    [F_CREATED_AT] = {KPID_DEF_STAMP("created_at")},
    [F_UPDATED_AT] = {KPID_DEF_STAMP("updated_at")},
};

/* Whether one of the first n items names kpi. */
static bool listed(const struct kpid_scorecard_def *s, size_t n, const char *kpi)
{
    for (size_t j = 0; j < n; j++)
        if (strcmp(s->items[j].kpi, kpi) == 0)
            return true;
    return false;
}

/* items: [{kpi, weight}], 1..KPI_SCORECARD_MAX_ITEMS, no KPI twice. */
static void parse_items(const json_t *items, struct kpid_scorecard_def *s, json_t *errors)
{
    if (!json_is_array(items) || json_array_size(items) == 0 ||
        json_array_size(items) > KPI_SCORECARD_MAX_ITEMS) {
        kpid_json_error_add(errors, "/items", "required: a list of 1 to %d {kpi, weight} items",
                            KPI_SCORECARD_MAX_ITEMS);
        return;
    }
    static const char *const allowed[] = {"kpi", "weight", NULL};
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/items/%zu", i);
        if (!kpid_json_object_members(item, allowed, pointer, "must be an object {kpi, weight}",
                                      errors))
            continue;
        const char *kpi = json_string_value(json_object_get(item, "kpi"));
        const json_t *weight = json_object_get(item, "weight");
        snprintf(pointer, sizeof pointer, "/items/%zu/kpi", i);
        if (!kpid_is_code(kpi))
            kpid_json_error_add(errors, pointer, "required: a KPI code");
        else if (listed(s, i, kpi))
            kpid_json_error_add(errors, pointer, "KPI %s is already an item", kpi);
        else
            snprintf(s->items[i].kpi, sizeof s->items[i].kpi, "%s", kpi);
        snprintf(pointer, sizeof pointer, "/items/%zu/weight", i);
        if (!json_is_number(weight))
            kpid_json_error_add(errors, pointer, "required: a number greater than 0");
        else
            s->items[i].weight = json_number_value(weight);
    }
    s->n_items = json_array_size(items);
}

size_t kpid_scorecard_input_parse(const json_t *body, const char *path_code,
                                  struct kpid_scorecard_def *out, json_t *errors)
{
    size_t before = json_array_size(errors);
    memset(out, 0, sizeof *out);
    json_t *fields = json_copy((json_t *)(uintptr_t)body); /* the members besides items */
    json_object_del(fields, "items");
    struct kpid_fields f;
    kpid_fields_decode(spec, F_COUNT, fields, "", false, &f, errors);
    json_decref(fields);
    kpid_code_input(f.text[F_CODE], f.present[F_CODE], path_code, out->code, errors);
    out->name = f.text[F_NAME] ? strdup(f.text[F_NAME]) : NULL;
    snprintf(out->owner, sizeof out->owner, "%s", f.text[F_OWNER] ? f.text[F_OWNER] : "");
    if (f.text[F_GRANULARITY] != NULL)
        kpi_period_kind_parse(f.text[F_GRANULARITY], &out->granularity, NULL);
    out->fixed_pay = f.text[F_FIXED_PAY] ? strtod(f.text[F_FIXED_PAY], NULL) : 0;
    out->bonus_base = f.text[F_BONUS_BASE] ? strtod(f.text[F_BONUS_BASE], NULL) : 0;
    out->max_attainment = f.text[F_MAX_ATTAINMENT] ? strtod(f.text[F_MAX_ATTAINMENT], NULL)
                                                   : KPI_DEFAULT_MAX_ATTAINMENT;
    if (out->max_attainment <= 0)
        kpid_json_error_add(errors, "/max_attainment", "must be greater than 0");
    kpid_fields_clear(&f);
    parse_items(json_object_get(body, "items"), out, errors);
    return json_array_size(errors) - before;
}

size_t kpid_scorecard_check(const struct kpid_scorecard_def *s, const struct kpid_kpi_list *kpis,
                            unsigned *warnings, json_t *errors)
{
    size_t before = json_array_size(errors);
    char pointer[64];
    for (size_t i = 0; i < s->n_items; i++) {
        const struct kpid_kpi_def *k = kpid_kpi_list_find(kpis, s->items[i].kpi);
        snprintf(pointer, sizeof pointer, "/items/%zu/kpi", i);
        if (k == NULL)
            kpid_json_error_add(errors, pointer, "no KPI %s", s->items[i].kpi);
        else if (k->granularity != s->granularity)
            kpid_json_error_add(errors, pointer, "KPI %s is reviewed per %s, the scorecard per %s",
                                k->code, kpi_period_kind_name(k->granularity),
                                kpi_period_kind_name(s->granularity));
    }
    if (json_array_size(errors) > before)
        return json_array_size(errors) - before;
    kpi_scorecard_item items[KPI_SCORECARD_MAX_ITEMS];
    kpi_scorecard sc;
    kpi_error err = {0};
    kpid_scorecard_def_to_kpi(s, kpis, items, &sc);
    if (kpi_scorecard_validate(&sc, warnings, &err) != KPI_OK) {
        if (err.position > 0)
            snprintf(pointer, sizeof pointer, "/items/%d/weight", err.position - 1);
        else
            snprintf(pointer, sizeof pointer, "/items");
        kpid_json_error_add(errors, pointer, "%s", err.message);
    }
    return json_array_size(errors) - before;
}
