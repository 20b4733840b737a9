/* Validation of the KPI definition body (KpiInput) and of targets, into kpid_kpi_def values. */
#ifndef KPID_KPIS_KPI_INPUT_H
#define KPID_KPIS_KPI_INPUT_H

/* Owner: the definitions API (POST/PUT /v1/kpis, PUT /v1/periods/{id}/targets/{kpi}). */

#include "kpid/json/fields.h"
#include "kpid/kpis/kpi_def.h"

#include <jansson.h>
#include <stdbool.h>

/* Allowed values of owner, granularity (and period kind). NULL-terminated. */
extern const char *const kpid_owner_choices[];
extern const char *const kpid_granularity_choices[];

/* Whether s is a KPI or scorecard code: [a-z0-9_]{1,64}. */
bool kpid_is_code(const char *s);

/* Field specs KpiInput and ScorecardInput share, used as [F_CODE] = {KPID_DEF_CODE}; the
 * granularity's choices are kpid_granularities (kpid/enums.h). */
#define KPID_DEF_CODE .path = "code", .type = KPID_FIELD_STRING, .max_len = KPID_KPI_CODE_MAX
#define KPID_DEF_NAME                                                                              \
    .path = "name", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_REQUIRED, .max_len = 200
#define KPID_DEF_GRANULARITY                                                                       \
    .path = "granularity", .type = KPID_FIELD_ENUM, .flags = KPID_FIELD_REQUIRED,                  \
    .choices = kpid_granularities
#define KPID_DEF_STAMP(name)                                                                       \
    .path = name, .type = KPID_FIELD_TIMESTAMP, .flags = KPID_FIELD_READONLY

/*
 * The code of a definition being written into out: the body's `code` member (decoded text,
 * and whether the member was sent) and, for a PUT, the code in the path (NULL for a POST,
 * where the body's code is required; a body code must equal the path's). Errors at /code.
 */
void kpid_code_input(const char *body_code, bool present, const char *path_code,
                     char out[KPID_KPI_CODE_MAX + 1], json_t *errors);

/*
 * Decodes a KpiInput into *out (cleared first; free with kpid_kpi_def_clear). path_code is
 * the code from the URL of a PUT (NULL for a POST, where the body's code is required); a
 * body code must then equal it. Formulas are compiled with libkpi; defaults applied. Field
 * errors go to `errors`; returns how many were added (out is unusable when any).
 */
size_t kpid_kpi_input_parse(const json_t *body, const char *path_code, struct kpid_kpi_def *out,
                            json_t *errors);

/*
 * Checks a target's order for the direction: base <= plan <= stretch when higher is
 * better, base >= plan >= stretch when lower is better (absent parts skipped). Errors name
 * prefix + "/base" or "/stretch".
 */
void kpid_target_check(kpi_direction direction, const kpi_target *t, const char *prefix,
                       json_t *errors);

#endif
