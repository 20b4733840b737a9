/* The body of PUT /v1/people/{code}/pay-plan checked into a version to store. */
#ifndef KPID_PEOPLE_PAY_PLAN_INPUT_H
#define KPID_PEOPLE_PAY_PLAN_INPUT_H

#include "kpid/json/fields.h"
#include "kpid/store/pay_plan.h"

#include <jansson.h>

struct kpid_pay_plan_input {
    struct kpid_fields f;
    char *split_schedule; /* JSON text, or NULL */
};

/*
 * Checks body: effective_from a month id (YYYY-MM), scorecard a code, either fixed_pay and
 * bonus_base or total_pay and split_schedule (libkpi's rules, errors on
 * /split_schedule/<i>), optional prorate and pilot. Appends {field, message} errors and
 * returns how many. Clear `in` with kpid_pay_plan_input_clear whatever the outcome.
 */
size_t kpid_pay_plan_input_parse(const json_t *body, struct kpid_pay_plan_input *in,
                                 json_t *errors);

/* The version as the store takes it, for person `person` (borrowed members). */
struct kpid_store_pay_plan kpid_pay_plan_input_row(const struct kpid_pay_plan_input *in,
                                                   const char *person);

void kpid_pay_plan_input_clear(struct kpid_pay_plan_input *in);

#endif
