/* kpiscore input: validates the JSON document into a ks_doc, naming the failing field. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpiscore.h"

static bool reject(ks_error *err, const char *field, int position, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool reject(ks_error *err, const char *field, int position, const char *fmt, ...)
{
    va_list ap;
    snprintf(err->field, sizeof err->field, "%s", field);
    err->position = position;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return false;
}

/* A libkpi error becomes a field error, keeping its message and position. */
static bool reject_kpi(ks_error *err, const char *field, const kpi_error *e)
{
    return reject(err, field,
                  e->status == KPI_ERR_SYNTAX || e->status == KPI_ERR_UNKNOWN ||
                          e->status == KPI_ERR_LIMIT
                      ? e->position
                      : 0,
                  "%s", e->message);
}

/* Refuses keys outside `allowed` (NULL-terminated) so a typo never passes silently. */
static bool known_keys(json_t *obj, const char *const *allowed, const char *field, ks_error *err)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        size_t i = 0;
        while (allowed[i] != NULL && strcmp(allowed[i], key) != 0)
            i++;
        if (allowed[i] == NULL)
            return reject(err, field, 0, "unknown field \"%s\"", key);
    }
    return true;
}

/* Missing or null gives an absent value; a number a present one; anything else fails. */
static bool opt_number(const json_t *v, kpi_opt *out, const char *field, ks_error *err)
{
    if (v == NULL || json_is_null(v)) {
        *out = kpi_none();
        return true;
    }
    if (!json_is_number(v))
        return reject(err, field, 0, "must be a number or null");
    *out = kpi_some(json_number_value(v));
    return true;
}

static bool number(const json_t *v, double fallback, double *out, const char *field, ks_error *err)
{
    kpi_opt o = kpi_none();
    if (!opt_number(v, &o, field, err))
        return false;
    *out = o.present ? o.value : fallback;
    return true;
}

/* Optional string member: NULL when missing; fails when present but not a string. */
static bool opt_string(const json_t *obj, const char *key, const char **out, const char *field,
                       ks_error *err)
{
    const json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (v == NULL)
        return true;
    if (!json_is_string(v))
        return reject(err, field, 0, "must be a string");
    *out = json_string_value(v);
    return true;
}

static bool code(const json_t *obj, char out[KS_CODE_SIZE], const char *field, ks_error *err)
{
    const char *s;
    if (!opt_string(obj, "code", &s, field, err))
        return false;
    size_t n = s == NULL ? 0 : strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");
    if (s == NULL || n == 0 || n >= KS_CODE_SIZE || s[n] != '\0')
        return reject(err, field, 0, "code must match [a-z0-9_]{1,64}");
    memcpy(out, s, n + 1);
    return true;
}

static bool read_target(json_t *t, kpi_target *out, const char *field, ks_error *err)
{
    static const char *const keys[] = {"base", "plan", "stretch", NULL};
    char f[128];
    *out = (kpi_target){kpi_none(), kpi_none(), kpi_none()};
    if (t == NULL || json_is_null(t))
        return true;
    if (!json_is_object(t))
        return reject(err, field, 0, "must be an object {base, plan, stretch}");
    if (!known_keys(t, keys, field, err))
        return false;
    kpi_opt *slots[] = {&out->base, &out->plan, &out->stretch};
    for (int i = 0; i < 3; i++) {
        snprintf(f, sizeof f, "%s.%s", field, keys[i]);
        if (!opt_number(json_object_get(t, keys[i]), slots[i], f, err))
            return false;
    }
    return true;
}

/* The fact source: exactly one of metric, formula, manual: true; sets unit/direction defaults. */
static bool read_source(json_t *j, ks_kpi *k, const char *field, ks_error *err)
{
    const char *metric, *formula;
    char f[160];
    kpi_error e;
    const json_t *manual = json_object_get(j, "manual");
    if (manual != NULL && !json_is_boolean(manual))
        return reject(err, field, 0, "manual must be true or false");
    if (!opt_string(j, "metric", &metric, field, err) ||
        !opt_string(j, "formula", &formula, field, err))
        return false;
    if ((metric != NULL) + (formula != NULL) + json_is_true(manual) != 1)
        return reject(err, field, 0, "give exactly one of metric, formula or manual: true");
    k->unit = KPI_UNIT_COUNT;
    k->direction = KPI_HIGHER_IS_BETTER;
    if (metric != NULL) {
        const kpi_metric *m = kpi_metric_find(metric);
        snprintf(f, sizeof f, "%s.metric", field);
        if (m == NULL)
            return reject(err, f, 0, "unknown metric \"%.64s\"", metric);
        k->source = KS_METRIC;
        k->unit = m->unit;
        k->direction = m->direction;
        return kpi_metric_compile(m, &k->formula, &e) == KPI_OK || reject_kpi(err, f, &e);
    }
    if (formula != NULL) {
        snprintf(f, sizeof f, "%s.formula", field);
        k->source = KS_FORMULA;
        return kpi_formula_compile(formula, &k->formula, &e) == KPI_OK || reject_kpi(err, f, &e);
    }
    k->source = KS_MANUAL;
    snprintf(f, sizeof f, "%s.value", field);
    return opt_number(json_object_get(j, "value"), &k->manual, f, err);
}

static bool read_kpi(json_t *j, size_t i, kpi_period_kind default_granularity, ks_kpi *k,
                     ks_error *err)
{
    static const char *const keys[] = {"code", "metric",    "formula",     "manual", "value",
                                       "unit", "direction", "granularity", "target", NULL};
    char field[64], f[96];
    const char *unit, *direction, *granularity;
    kpi_error e;
    snprintf(field, sizeof field, "kpis[%zu]", i);
    if (!json_is_object(j))
        return reject(err, field, 0, "must be an object");
    if (!known_keys(j, keys, field, err) || !code(j, k->code, field, err) ||
        !read_source(j, k, field, err))
        return false;
    snprintf(f, sizeof f, "%s.unit", field);
    if (!opt_string(j, "unit", &unit, f, err) ||
        (unit != NULL && kpi_unit_parse(unit, &k->unit, &e) != KPI_OK && !reject_kpi(err, f, &e)))
        return false;
    snprintf(f, sizeof f, "%s.direction", field);
    if (!opt_string(j, "direction", &direction, f, err) ||
        (direction != NULL && kpi_direction_parse(direction, &k->direction, &e) != KPI_OK &&
         !reject_kpi(err, f, &e)))
        return false;
    snprintf(f, sizeof f, "%s.granularity", field);
    k->granularity = default_granularity;
    if (!opt_string(j, "granularity", &granularity, f, err) ||
        (granularity != NULL && kpi_period_kind_parse(granularity, &k->granularity, &e) != KPI_OK &&
         !reject_kpi(err, f, &e)))
        return false;
    snprintf(f, sizeof f, "%s.target", field);
    return read_target(json_object_get(j, "target"), &k->target, f, err);
}

static bool read_measures(json_t *m, kpi_measure_set *set, ks_error *err)
{
    const char *name;
    json_t *value;
    char f[160];
    kpi_measures_init(set);
    if (m == NULL)
        return true;
    if (!json_is_object(m))
        return reject(err, "measures", 0, "must be an object of measure name to number or null");
    json_object_foreach(m, name, value)
    {
        kpi_measure id;
        kpi_opt v = kpi_none();
        snprintf(f, sizeof f, "measures.%.100s", name);
        bool counter = strncmp(name, "counter.", 8) == 0; /* a free counter, as formulas read it */
        if (!counter && !kpi_measure_lookup(name, strlen(name), &id))
            return reject(err, f, 0, "unknown measure");
        if (!opt_number(value, &v, f, err))
            return false;
        if (counter && v.present && !kpi_measures_set_counter(set, name + 8, v.value))
            return reject(err, f, 0, "a counter name of 1 to 64 bytes, at most 8 counters");
        if (!counter && v.present)
            kpi_measures_set(set, id, v.value);
    }
    return true;
}

static bool find_kpi(const ks_doc *doc, const char *code_text, size_t *out)
{
    for (size_t i = 0; i < doc->n_kpis; i++)
        if (strcmp(doc->kpis[i].code, code_text) == 0) {
            *out = i;
            return true;
        }
    return false;
}

static bool read_scorecard(json_t *j, kpi_period_kind default_granularity, ks_doc *doc,
                           ks_error *err)
{
    static const char *const keys[] = {"code",           "granularity", "fixed_pay", "bonus_base",
                                       "max_attainment", "items",       NULL};
    static const char *const item_keys[] = {"kpi", "weight", NULL};
    kpi_scorecard *sc = &doc->scorecard;
    const char *granularity;
    kpi_error e;
    char f[64];
    if (!json_is_object(j))
        return reject(err, "scorecard", 0, "must be an object");
    if (!known_keys(j, keys, "scorecard", err) || !code(j, doc->scorecard_code, "scorecard", err) ||
        !opt_string(j, "granularity", &granularity, "scorecard.granularity", err))
        return false;
    sc->granularity = default_granularity;
    if (granularity != NULL && kpi_period_kind_parse(granularity, &sc->granularity, &e) != KPI_OK)
        return reject_kpi(err, "scorecard.granularity", &e);
    if (!number(json_object_get(j, "fixed_pay"), 0, &sc->fixed_pay, "scorecard.fixed_pay", err) ||
        !number(json_object_get(j, "bonus_base"), 0, &sc->bonus_base, "scorecard.bonus_base",
                err) ||
        !number(json_object_get(j, "max_attainment"), KPI_DEFAULT_MAX_ATTAINMENT,
                &sc->max_attainment, "scorecard.max_attainment", err))
        return false;
    const json_t *items = json_object_get(j, "items");
    if (!json_is_array(items) || json_array_size(items) < 1 ||
        json_array_size(items) > KPI_SCORECARD_MAX_ITEMS)
        return reject(err, "scorecard.items", 0, "must be an array of 1 to %d items",
                      KPI_SCORECARD_MAX_ITEMS);
    sc->n_items = json_array_size(items);
    sc->items = doc->items;
    for (size_t i = 0; i < sc->n_items; i++) {
        json_t *it = json_array_get(items, i);
        const char *kpi;
        snprintf(f, sizeof f, "scorecard.items[%zu]", i);
        if (!json_is_object(it))
            return reject(err, f, 0, "must be an object {kpi, weight}");
        if (!known_keys(it, item_keys, f, err) || !opt_string(it, "kpi", &kpi, f, err))
            return false;
        if (kpi == NULL || !find_kpi(doc, kpi, &doc->item_kpi[i]))
            return reject(err, f, 0, "kpi must name a KPI of the document");
        const json_t *w = json_object_get(it, "weight");
        if (!json_is_number(w))
            return reject(err, f, 0, "weight must be a number");
        const ks_kpi *k = &doc->kpis[doc->item_kpi[i]];
        doc->items[i] = (kpi_scorecard_item){json_number_value(w), k->granularity, k->direction,
                                             kpi_none(), k->target};
    }
    if (kpi_scorecard_validate(sc, NULL, &e) != KPI_OK) {
        if (e.position > 0)
            snprintf(f, sizeof f, "scorecard.items[%d]", e.position - 1);
        return reject(err, e.position > 0 ? f : "scorecard", 0, "%s", e.message);
    }
    doc->has_scorecard = true;
    return true;
}

/* split_schedule: [{from_month, fixed_share}], then libkpi's rules for the whole plan. */
static bool read_split(const json_t *list, ks_doc *doc, ks_error *err)
{
    char f[64];
    if (!json_is_array(list) || json_array_size(list) > KPI_SPLIT_MAX_STEPS)
        return reject(err, "pay.split_schedule", 0, "must be an array of 1 to %d steps",
                      KPI_SPLIT_MAX_STEPS);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *step = json_array_get(list, i);
        const json_t *from = json_object_get(step, "from_month");
        snprintf(f, sizeof f, "pay.split_schedule[%zu]", i);
        if (!json_is_integer(from) || !json_is_number(json_object_get(step, "fixed_share")))
            return reject(err, f, 0,
                          "must be {\"from_month\": whole number, "
                          "\"fixed_share\": number}");
        doc->steps[i].from_month = (int)json_integer_value(from);
        doc->steps[i].fixed_share = json_number_value(json_object_get(step, "fixed_share"));
    }
    doc->pay.n_steps = json_array_size(list);
    return true;
}

/* hired_on (a date), or tenure_month k: hired in the month k - 1 months before the period's
 * first month; left_on optional. */
static bool read_employment(json_t *j, ks_doc *doc, ks_error *err)
{
    const char *hired, *left;
    const json_t *tenure = json_object_get(j, "tenure_month");
    kpi_error e;
    if (!opt_string(j, "hired_on", &hired, "pay.hired_on", err) ||
        !opt_string(j, "left_on", &left, "pay.left_on", err))
        return false;
    if ((hired == NULL) == (tenure == NULL))
        return reject(err, "pay", 0, "give hired_on or tenure_month");
    if (hired != NULL && kpi_date_parse(hired, &doc->employment.hired_on, &e) != KPI_OK)
        return reject_kpi(err, "pay.hired_on", &e);
    if (tenure != NULL) {
        kpi_period first, hired_month;
        if (!json_is_integer(tenure) || json_integer_value(tenure) < 1 ||
            json_integer_value(tenure) > 1200)
            return reject(err, "pay.tenure_month", 0, "must be a whole number from 1 to 1200");
        if (kpi_period_containing(KPI_PERIOD_MONTH, kpi_period_start(&doc->period), &first, &e) !=
                KPI_OK ||
            kpi_period_shift(&first, 1 - (int)json_integer_value(tenure), &hired_month, &e) !=
                KPI_OK)
            return reject_kpi(err, "pay.tenure_month", &e);
        doc->employment.hired_on = kpi_period_start(&hired_month);
    }
    doc->employment.has_left = left != NULL;
    if (left != NULL && kpi_date_parse(left, &doc->employment.left_on, &e) != KPI_OK)
        return reject_kpi(err, "pay.left_on", &e);
    return true;
}

/* The person's pay: explicit fixed_pay and bonus_base, or total_pay and split_schedule. */
static bool read_pay(json_t *j, ks_doc *doc, ks_error *err)
{
    static const char *const keys[] = {
        "person",    "hired_on",       "tenure_month", "left_on", "fixed_pay", "bonus_base",
        "total_pay", "split_schedule", "prorate",      "pilot",   NULL};
    kpi_pay_plan *p = &doc->pay;
    const char *person;
    kpi_error e;
    if (!json_is_object(j))
        return reject(err, "pay", 0, "must be an object");
    if (!doc->has_period || !doc->has_scorecard)
        return reject(err, "pay", 0, "a statement needs a period and a scorecard");
    if (!known_keys(j, keys, "pay", err) || !opt_string(j, "person", &person, "pay.person", err) ||
        !read_employment(j, doc, err))
        return false;
    snprintf(doc->person, sizeof doc->person, "%s", person ? person : "");
    const json_t *prorate = json_object_get(j, "prorate");
    p->prorate = prorate == NULL || json_is_true(prorate);
    p->pilot = json_is_true(json_object_get(j, "pilot"));
    p->steps = doc->steps;
    p->split = json_object_get(j, "total_pay") != NULL;
    if (p->split
            ? !number(json_object_get(j, "total_pay"), 0, &p->total_pay, "pay.total_pay", err) ||
                  !read_split(json_object_get(j, "split_schedule"), doc, err)
            : !number(json_object_get(j, "fixed_pay"), 0, &p->fixed_pay, "pay.fixed_pay", err) ||
                  !number(json_object_get(j, "bonus_base"), 0, &p->bonus_base, "pay.bonus_base",
                          err))
        return false;
    if (kpi_pay_plan_validate(p, &e) != KPI_OK)
        return reject_kpi(err, "pay", &e);
    doc->has_pay = true;
    return true;
}

bool ks_read(json_t *input, ks_doc *doc, ks_error *err)
{
    static const char *const keys[] = {"period", "measures", "kpis", "scorecard", "pay", NULL};
    kpi_period_kind granularity = KPI_PERIOD_MONTH;
    const char *period;
    kpi_error e;
    memset(doc, 0, sizeof *doc);
    if (!json_is_object(input))
        return reject(err, "", 0, "the document must be a JSON object");
    if (!known_keys(input, keys, "", err) || !opt_string(input, "period", &period, "period", err))
        return false;
    if (period != NULL) {
        if (kpi_period_parse(period, &doc->period, &e) != KPI_OK)
            return reject_kpi(err, "period", &e);
        doc->has_period = true;
        granularity = doc->period.kind;
    }
    if (!read_measures(json_object_get(input, "measures"), &doc->measures, err))
        return false;
    const json_t *kpis = json_object_get(input, "kpis");
    if (!json_is_array(kpis) || json_array_size(kpis) > KS_MAX_KPIS)
        return reject(err, "kpis", 0, "must be an array of at most %d KPI definitions",
                      KS_MAX_KPIS);
    doc->kpis = calloc(json_array_size(kpis) + 1, sizeof *doc->kpis);
    if (doc->kpis == NULL)
        return reject(err, "", 0, "out of memory");
    for (size_t i = 0; i < json_array_size(kpis); i++) {
        size_t dup;
        if (!read_kpi(json_array_get(kpis, i), i, granularity, &doc->kpis[i], err))
            return false;
        if (find_kpi(doc, doc->kpis[i].code, &dup)) {
            char f[32];
            snprintf(f, sizeof f, "kpis[%zu].code", i);
            return reject(err, f, 0, "code \"%s\" is used twice", doc->kpis[i].code);
        }
        doc->n_kpis++;
    }
    json_t *sc = json_object_get(input, "scorecard");
    if (sc != NULL && !json_is_null(sc) && !read_scorecard(sc, granularity, doc, err))
        return false;
    json_t *pay = json_object_get(input, "pay");
    return pay == NULL || json_is_null(pay) || read_pay(pay, doc, err);
}

void ks_doc_free(ks_doc *doc)
{
    free(doc->kpis);
    doc->kpis = NULL;
}
