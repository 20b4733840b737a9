/* Turns a KpiInput JSON body into a checked kpid_kpi_def: fields, source, formula, defaults. */
#include "kpid/kpis/kpi_input.h"
#include "kpid/enums.h"

#include "kpid/json/fields.h"
#include "kpid/json/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const kpid_owner_choices[] = {"marketing", "sales", "shared", NULL};
const char *const kpid_granularity_choices[] = {"month", "quarter", "year", NULL};

#define MAX_CHANNELS 100
#define MAX_CHANNEL_LEN 100

enum {
    F_CODE,
    F_NAME,
    F_OWNER,
    F_LEVEL,
    F_METRIC,
    F_FORMULA,
    F_MANUAL,
    F_UNIT,
    F_DIRECTION,
    F_GRANULARITY,
    F_ATTRIBUTION,
    F_LAG_DAYS,
    F_FILTERS,
    F_BASE,
    F_PLAN,
    F_STRETCH,
    F_DESCRIPTION,
    F_CREATED_AT,
    F_UPDATED_AT,
    F_COUNT
};

#define BIG 1e15

static const struct kpid_field spec[F_COUNT] = {
    [F_CODE] = {KPID_DEF_CODE},
    [F_NAME] = {KPID_DEF_NAME},
    [F_OWNER] = {.path = "owner",
                 .type = KPID_FIELD_ENUM,
                 .flags = KPID_FIELD_REQUIRED,
                 .choices = kpid_kpi_owners},
    [F_LEVEL] = {.path = "level", .type = KPID_FIELD_ENUM, .choices = kpid_kpi_levels},
    [F_METRIC] = {.path = "metric", .type = KPID_FIELD_STRING, .max_len = 64},
    [F_FORMULA] = {.path = "formula", .type = KPID_FIELD_STRING, .max_len = KPI_FORMULA_MAX_TEXT},
    [F_MANUAL] = {.path = "manual", .type = KPID_FIELD_BOOL},
    [F_UNIT] = {.path = "unit", .type = KPID_FIELD_STRING, .max_len = 16},
    [F_DIRECTION] = {.path = "direction", .type = KPID_FIELD_ENUM, .choices = kpid_kpi_directions},
    [F_GRANULARITY] = {KPID_DEF_GRANULARITY},
    [F_ATTRIBUTION] = {.path = "attribution",
                       .type = KPID_FIELD_ENUM,
                       .choices = kpid_attributions},
    [F_LAG_DAYS] = {.path = "lag_days", .type = KPID_FIELD_INTEGER, .max = 3650},
    [F_FILTERS] = {.path = "filters", .type = KPID_FIELD_OBJECT},
    [F_BASE] = {.path = "target/base", .type = KPID_FIELD_NUMBER, .min = -BIG, .max = BIG},
    [F_PLAN] = {.path = "target/plan", .type = KPID_FIELD_NUMBER, .min = -BIG, .max = BIG},
    [F_STRETCH] = {.path = "target/stretch", .type = KPID_FIELD_NUMBER, .min = -BIG, .max = BIG},
    [F_DESCRIPTION] = {.path = "description", .type = KPID_FIELD_STRING, .max_len = 2000},
    [F_CREATED_AT] = {KPID_DEF_STAMP("created_at")},
    [F_UPDATED_AT] = {KPID_DEF_STAMP("updated_at")},
};

bool kpid_is_code(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > KPID_KPI_CODE_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static kpi_opt opt_text(const char *text)
{
    return text ? kpi_some(strtod(text, NULL)) : kpi_none();
}

/* {"channels": [non-empty strings]} or {}: the channel filter. */
static void parse_filters(const json_t *body, struct kpid_kpi_def *k, json_t *errors)
{
    const json_t *filters = json_object_get(body, "filters");
    if (filters == NULL || json_is_null(filters))
        return;
    static const char *const allowed[] = {"channels", NULL};
    kpid_json_unknown_members(filters, allowed, "/filters", errors);
    json_t *channels = json_object_get(filters, "channels");
    if (channels == NULL || json_is_null(channels))
        return;
    if (!json_is_array(channels) || json_array_size(channels) == 0 ||
        json_array_size(channels) > MAX_CHANNELS) {
        kpid_json_error_add(errors, "/filters/channels",
                            "must be a list of 1 to %d channel names (omit it for every channel)",
                            MAX_CHANNELS);
        return;
    }
    size_t i;
    json_t *c;
    json_array_foreach(channels, i, c)
    {
        if (!json_is_string(c) || json_string_length(c) == 0 ||
            json_string_length(c) > MAX_CHANNEL_LEN) {
            char pointer[40];
            snprintf(pointer, sizeof pointer, "/filters/channels/%zu", i);
            kpid_json_error_add(errors, pointer, "must be a channel name of 1 to %d characters",
                                MAX_CHANNEL_LEN);
            return;
        }
    }
    k->channels = json_incref(channels);
}

/* Exactly one of metric / formula / manual: true; compiles the formula or finds the metric. */
static void parse_source(const struct kpid_fields *f, struct kpid_kpi_def *k, json_t *errors)
{
    bool manual = f->text[F_MANUAL] && f->text[F_MANUAL][0] == 't';
    int given = (f->text[F_METRIC] != NULL) + (f->text[F_FORMULA] != NULL) + manual;
    if (given != 1) {
        const char *pointer = given == 0                                ? "/metric"
                              : f->text[F_METRIC] && f->text[F_FORMULA] ? "/formula"
                                                                        : "/manual";
        kpid_json_error_add(errors, pointer, "give exactly one of metric, formula, manual: true");
        return;
    }
    kpi_error err = {0};
    if (manual) {
        k->source = KPID_KPI_MANUAL;
    } else if (f->text[F_METRIC] != NULL) {
        k->source = KPID_KPI_METRIC;
        k->metric = kpi_metric_find(f->text[F_METRIC]);
        if (k->metric == NULL)
            kpid_json_error_add(errors, "/metric",
                                "'%s' is not a catalogue metric (GET /v1/metrics)",
                                f->text[F_METRIC]);
        else if (kpi_metric_compile(k->metric, &k->formula, &err) != KPI_OK)
            kpid_json_error_add(errors, "/metric", "%s", err.message);
    } else {
        k->source = KPID_KPI_FORMULA;
        k->formula_text = strdup(f->text[F_FORMULA]);
        if (kpi_formula_compile(f->text[F_FORMULA], &k->formula, &err) != KPI_OK)
            kpid_json_error_add(errors, "/formula", "%s", err.message);
    }
}

/* Unit and direction: given, or the metric's; required for formulas and manual KPIs. */
static void parse_reading(const struct kpid_fields *f, struct kpid_kpi_def *k, json_t *errors)
{
    const char *unit = f->text[F_UNIT], *direction = f->text[F_DIRECTION];
    if (unit != NULL) {
        if (kpi_unit_parse(unit, &k->unit, NULL) != KPI_OK)
            kpid_json_error_add(errors, "/unit",
                                "must be one of count, money, percent, minutes, days, points");
    } else if (k->metric != NULL) {
        k->unit = k->metric->unit;
    } else if (k->source != KPID_KPI_METRIC) {
        kpid_json_error_add(errors, "/unit", "is required for a formula or manual KPI");
    }
    if (direction != NULL)
        kpi_direction_parse(direction, &k->direction, NULL); /* checked by the enum */
    else if (k->metric != NULL)
        k->direction = k->metric->direction;
    else if (k->source != KPID_KPI_METRIC)
        kpid_json_error_add(errors, "/direction", "is required for a formula or manual KPI");
}

void kpid_target_check(kpi_direction direction, const kpi_target *t, const char *prefix,
                       json_t *errors)
{
    double sign = direction == KPI_HIGHER_IS_BETTER ? 1 : -1;
    const char *order = direction == KPI_HIGHER_IS_BETTER ? "higher" : "lower";
    char pointer[96];
    if (t->base.present && t->plan.present && sign * t->base.value > sign * t->plan.value) {
        snprintf(pointer, sizeof pointer, "%s/base", prefix);
        kpid_json_error_add(errors, pointer, "must not be better than plan (%s is better)", order);
    }
    if (t->stretch.present && t->plan.present && sign * t->stretch.value < sign * t->plan.value) {
        snprintf(pointer, sizeof pointer, "%s/stretch", prefix);
        kpid_json_error_add(errors, pointer, "must not be worse than plan (%s is better)", order);
    }
}

/* The default target: plan required when the object is given; ordered for the direction. */
static void parse_target(const json_t *body, const struct kpid_fields *f, struct kpid_kpi_def *k,
                         json_t *errors)
{
    const json_t *target = json_object_get(body, "target");
    k->target.base = opt_text(f->text[F_BASE]);
    k->target.plan = opt_text(f->text[F_PLAN]);
    k->target.stretch = opt_text(f->text[F_STRETCH]);
    if (!json_is_object(target))
        return;
    const json_t *plan = json_object_get(target, "plan");
    if (plan == NULL || json_is_null(plan))
        kpid_json_error_add(errors, "/target/plan", "is required in a target");
    kpid_target_check(k->direction, &k->target, "/target", errors);
}

void kpid_code_input(const char *body_code, bool present, const char *path_code,
                     char out[KPID_KPI_CODE_MAX + 1], json_t *errors)
{
    if (path_code != NULL && body_code != NULL && strcmp(body_code, path_code) != 0)
        kpid_json_error_add(errors, "/code", "must equal the code in the path (%s)", path_code);
    else if (path_code == NULL && !present)
        kpid_json_error_add(errors, "/code", "is required");
    else if (!kpid_is_code(path_code ? path_code : body_code))
        kpid_json_error_add(errors, "/code", "must be 1 to 64 characters of a-z, 0-9 and _");
    else
        snprintf(out, KPID_KPI_CODE_MAX + 1, "%s", path_code ? path_code : body_code);
}

size_t kpid_kpi_input_parse(const json_t *body, const char *path_code, struct kpid_kpi_def *out,
                            json_t *errors)
{
    size_t before = json_array_size(errors);
    struct kpid_fields f;
    memset(out, 0, sizeof *out);
    kpid_fields_decode(spec, F_COUNT, body, "", false, &f, errors);
    kpid_code_input(f.text[F_CODE], f.present[F_CODE], path_code, out->code, errors);
    out->name = f.text[F_NAME] ? strdup(f.text[F_NAME]) : NULL;
    snprintf(out->owner, sizeof out->owner, "%s", f.text[F_OWNER] ? f.text[F_OWNER] : "");
    snprintf(out->level, sizeof out->level, "%s", f.text[F_LEVEL] ? f.text[F_LEVEL] : "primary");
    if (f.text[F_GRANULARITY] != NULL)
        kpi_period_kind_parse(f.text[F_GRANULARITY], &out->granularity, NULL);
    out->attribution = f.text[F_ATTRIBUTION] && strcmp(f.text[F_ATTRIBUTION], "cohort") == 0
                           ? KPID_ATTRIBUTION_COHORT
                           : KPID_ATTRIBUTION_EVENT;
    out->lag_days = f.text[F_LAG_DAYS] ? atoi(f.text[F_LAG_DAYS]) : 0;
    out->description = f.text[F_DESCRIPTION] ? strdup(f.text[F_DESCRIPTION]) : NULL;
    parse_source(&f, out, errors);
    parse_reading(&f, out, errors);
    parse_filters(body, out, errors);
    parse_target(body, &f, out, errors);
    kpid_fields_clear(&f);
    return json_array_size(errors) - before;
}
