/* Validation of the scorecard body (ScorecardInput): fields, items, and libkpi's rules. */
#ifndef KPID_KPIS_SCORECARD_INPUT_H
#define KPID_KPIS_SCORECARD_INPUT_H

/* Owner: the definitions API (handlers scorecards.c). */

#include "kpid/kpis/kpi_def.h"
#include "kpid/kpis/scorecard_def.h"

#include <jansson.h>

/*
 * Decodes a ScorecardInput into *out (cleared first; free with kpid_scorecard_def_clear):
 * path_code as for kpid_kpi_input_parse. Checks the shape of every field and item (1 to
 * KPI_SCORECARD_MAX_ITEMS items of {kpi, weight}, no KPI twice). Returns the number of
 * errors added to `errors`.
 */
size_t kpid_scorecard_input_parse(const json_t *body, const char *path_code,
                                  struct kpid_scorecard_def *out, json_t *errors);

/*
 * Checks a decoded scorecard against the workspace's KPIs and libkpi: every item's KPI
 * exists and has the scorecard's granularity, weights are > 0 and sum to 1. Errors point
 * at /items/N/kpi, /items/N/weight or /items. *warnings receives libkpi's warning bits.
 * Returns the number of errors added.
 */
size_t kpid_scorecard_check(const struct kpid_scorecard_def *s, const struct kpid_kpi_list *kpis,
                            unsigned *warnings, json_t *errors);

#endif
