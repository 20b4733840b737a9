/* Checks a pay plan version sent by PUT /v1/people/{code}/pay-plan. */
#include "kpid/people/pay_plan_input.h"

#include "kpi/period.h"
#include "kpid/json/errors.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/people/pay_plan_doc.h"

#include <stdint.h>
#include <stdlib.h>

static const struct kpid_field spec[] = {
    {.path = "effective_from",
     .type = KPID_FIELD_STRING,
     .flags = KPID_FIELD_REQUIRED,
     .max_len = 7},
    {.path = "scorecard", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_REQUIRED, .max_len = 64},
    {.path = "fixed_pay", .type = KPID_FIELD_MONEY, .max = 1e12},
    {.path = "bonus_base", .type = KPID_FIELD_MONEY, .max = 1e12},
    {.path = "total_pay", .type = KPID_FIELD_MONEY, .max = 1e12},
    {.path = "prorate", .type = KPID_FIELD_BOOL},
    {.path = "pilot", .type = KPID_FIELD_BOOL},
    {.path = "person", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "version", .type = KPID_FIELD_INTEGER, .flags = KPID_FIELD_READONLY, .max = 1e9},
    {.path = "created_at", .type = KPID_FIELD_TIMESTAMP, .flags = KPID_FIELD_READONLY},
};
enum { P_FROM, P_SCORECARD, P_FIXED, P_BONUS_BASE, P_TOTAL, P_PRORATE, P_PILOT, N_SPEC };

/* Which pay the version gives: the two pairs exclude each other and one must be whole. */
static void check_pay(const struct kpid_fields *f, const json_t *schedule, json_t *errors)
{
    bool fixed = f->text[P_FIXED] != NULL, bonus_base = f->text[P_BONUS_BASE] != NULL;
    bool total = f->text[P_TOTAL] != NULL, split = schedule != NULL && !json_is_null(schedule);
    if ((fixed || bonus_base) && (total || split))
        kpid_json_error_add(errors, "",
                            "give either fixed_pay and bonus_base or total_pay and "
                            "split_schedule, not both");
    else if (fixed != bonus_base)
        kpid_json_error_add(errors, fixed ? "/bonus_base" : "/fixed_pay",
                            "fixed_pay and bonus_base go together");
    else if (total != split)
        kpid_json_error_add(errors, total ? "/split_schedule" : "/total_pay",
                            "total_pay and split_schedule go together");
    else if (!fixed && !total)
        kpid_json_error_add(errors, "",
                            "give fixed_pay and bonus_base, or total_pay and "
                            "split_schedule");
}

/* The schedule through libkpi's rules; each error names the step. */
static void check_schedule(const json_t *body, json_t *errors)
{
    struct kpid_pay_plan_doc doc;
    if (!kpid_pay_plan_doc_read(body, &doc)) {
        kpid_json_error_add(errors, "/split_schedule",
                            "must be a list of up to %d {\"from_month\": whole number, "
                            "\"fixed_share\": number}",
                            KPI_SPLIT_MAX_STEPS);
        return;
    }
    kpi_error err;
    if (kpi_pay_plan_validate(&doc.plan, &err) == KPI_OK)
        return;
    if (err.position > 0)
        kpid_json_error_add(errors, "/split_schedule", "step %d: %s", err.position - 1,
                            err.message);
    else
        kpid_json_error_add(errors, "/split_schedule", "%s", err.message);
}

size_t kpid_pay_plan_input_parse(const json_t *body, struct kpid_pay_plan_input *in, json_t *errors)
{
    const json_t *schedule = json_object_get(body, "split_schedule");
    json_t *scalars = json_copy((json_t *)(uintptr_t)body);
    json_object_del(scalars, "split_schedule");
    size_t before = json_array_size(errors);
    kpid_fields_decode(spec, N_SPEC, scalars, "", false, &in->f, errors);
    json_decref(scalars);
    const char *from = in->f.text[P_FROM];
    kpi_period month;
    if (from != NULL &&
        (kpi_period_parse(from, &month, NULL) != KPI_OK || month.kind != KPI_PERIOD_MONTH))
        kpid_json_error_add(errors, "/effective_from", "must be a month id such as 2025-01");
    if (in->f.text[P_SCORECARD] != NULL && !kpid_is_code(in->f.text[P_SCORECARD]))
        kpid_json_error_add(errors, "/scorecard", "must be a scorecard code");
    if (json_array_size(errors) > before)
        return json_array_size(errors) - before;
    check_pay(&in->f, schedule, errors);
    if (json_array_size(errors) == before && in->f.text[P_TOTAL] != NULL) {
        check_schedule(body, errors);
        in->split_schedule = json_dumps(schedule, JSON_COMPACT);
    }
    return json_array_size(errors) - before;
}

struct kpid_store_pay_plan kpid_pay_plan_input_row(const struct kpid_pay_plan_input *in,
                                                   const char *person)
{
    const char *prorate = in->f.text[P_PRORATE], *pilot = in->f.text[P_PILOT];
    struct kpid_store_pay_plan row = {
        .person = person,
        .effective_from = in->f.text[P_FROM],
        .scorecard = in->f.text[P_SCORECARD],
        .fixed_pay = in->f.text[P_FIXED],
        .bonus_base = in->f.text[P_BONUS_BASE],
        .total_pay = in->f.text[P_TOTAL],
        .split_schedule = in->split_schedule,
        .prorate = prorate ? prorate : "t",
        .pilot = pilot ? pilot : "f",
    };
    return row;
}

void kpid_pay_plan_input_clear(struct kpid_pay_plan_input *in)
{
    kpid_fields_clear(&in->f);
    free(in->split_schedule);
    in->split_schedule = NULL;
}
