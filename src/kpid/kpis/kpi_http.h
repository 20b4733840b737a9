/* Request helpers shared by the definitions endpoints: query choices and the lists they share. */
#ifndef KPID_KPIS_KPI_HTTP_H
#define KPID_KPIS_KPI_HTTP_H

/* Owner: the definitions API (handlers kpis.c, periods.c, targets.c, facts.c, scorecards.c). */

#include "kpid/http/request.h"

/* Allowed values of owner, granularity (and period kind). NULL-terminated. */
extern const char *const kpid_owner_choices[];
extern const char *const kpid_granularity_choices[];

/*
 * Reads query argument `name`: *out = NULL when absent, the value when it is one of
 * `choices`, else a 422 naming the allowed values.
 */
enum kpid_outcome kpid_kpis_query_choice(struct kpid_request *req, const char *name,
                                         const char *const *choices, const char **out);

#endif
