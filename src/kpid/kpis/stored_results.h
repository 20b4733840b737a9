/* Stored results of open periods: what a read may answer from, and their refresh (computed as
 * a closing computes them: every KPI and every scorecard, as of now). */
#ifndef KPID_KPIS_STORED_RESULTS_H
#define KPID_KPIS_STORED_RESULTS_H

#include "kpi/period.h"
#include "kpid/store/db.h"

#include <jansson.h>
#include <stdbool.h>

/* A period's stored results as a read finds them. */
struct kpid_stored_results {
    bool fresh;       /* computed, and including every write so far: a read may answer them */
    char as_of[40];   /* PostgreSQL timestamptz text of their computation */
    json_t *results;  /* the results array; NULL until first computed */
};

/* Loads the open period's stored results. Clear with kpid_stored_results_clear. */
enum kpid_db_status kpid_stored_results_load(struct kpid_db *db, const char *workspace_id,
                                             const char *period_id,
                                             struct kpid_stored_results *out);

void kpid_stored_results_clear(struct kpid_stored_results *s);

/* Computes period p's results and scorecards and stores them, starting to keep them when
 * kpid did not (defining the period when needed); a closed period is left alone. Runs its
 * own repeatable-read transaction on db. */
enum kpid_db_status kpid_stored_results_refresh(struct kpid_db *db, const char *workspace_id,
                                                const kpi_period *p);

#endif
