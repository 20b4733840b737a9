/* The payout statements of a period: computed on its live results, or frozen at closing, and
 * the restatement between the two. */
#ifndef KPID_PEOPLE_PAYOUTS_H
#define KPID_PEOPLE_PAYOUTS_H

#include "kpi/period.h"
#include "kpid/store/db.h"

#include <jansson.h>
#include <stdbool.h>

/*
 * The statements of everyone paid in `period` (only `person` when not NULL) on the period's
 * scored scorecards and results (borrowed), by person, into *out (a new array).
 */
enum kpid_db_status kpid_payouts_compute(struct kpid_db *db, const char *workspace_id,
                                         const kpi_period *period, const char *person,
                                         const json_t *scorecards, const json_t *results,
                                         json_t **out);

/* Freezes the statements (an array) as the period's, replacing earlier frozen ones. */
enum kpid_db_status kpid_payouts_freeze(struct kpid_db *db, const char *workspace_id,
                                        const char *period_id, const json_t *payouts);

/* How a period's statements are answered. */
struct kpid_payouts_answer {
    json_t *head;        /* {"period", "as_of" (live only), "closed"} */
    json_t *payouts;     /* the statements */
    json_t *restatement; /* closed and live: differences from the frozen ones; else NULL */
};

/*
 * A closed period answers its frozen statements unless `live`; otherwise they are computed
 * now (for a closed period with the restatement against the frozen ones). Clear `out` with
 * kpid_payouts_answer_clear, also after a failure.
 */
enum kpid_db_status kpid_payouts_answer(struct kpid_db *db, const char *workspace_id,
                                        const kpi_period *period, const char *person, bool live,
                                        struct kpid_payouts_answer *out);

void kpid_payouts_answer_clear(struct kpid_payouts_answer *a);

#endif
