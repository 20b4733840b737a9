/* Helpers shared by the definitions endpoints: choice lists and write problems. */
#ifndef KPID_KPIS_KPI_HTTP_H
#define KPID_KPIS_KPI_HTTP_H

/* Owner: the definitions API (handlers kpis.c, periods.c, targets.c, facts.c, scorecards.c). */

#include "kpid/http/request.h"
#include "kpid/http/write.h"

/* Allowed values of owner, granularity (and period kind). NULL-terminated. */
extern const char *const kpid_owner_choices[];
extern const char *const kpid_granularity_choices[];

/* Sets a write result to a problem reply (status, slug, formatted detail; no field errors):
 * the transaction is rolled back and the problem sent. */
void kpid_write_problem(struct kpid_write_result *out, unsigned status, const char *slug,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
