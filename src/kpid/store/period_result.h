/* Stored results of open periods: one function per statement of
 * src/kpid/store/sql/period_result_*.sql. */
#ifndef KPID_STORE_PERIOD_RESULT_H
#define KPID_STORE_PERIOD_RESULT_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/* The open period's stored row, if any: as_of and results (NULL until first computed) and
 * `fresh` (computed, and no write since that they depend on). */
kpid_result *kpid_store_period_result_get(struct kpid_db *db, const char *workspace_id,
                                          const char *period_id, enum kpid_db_status *status);

/* Starts keeping the (defined) period's results: a row to be computed by the refresh. */
enum kpid_db_status kpid_store_period_result_register(struct kpid_db *db, const char *workspace_id,
                                                      const char *period_id);

/* At most `limit` open periods whose stored results are stale or not yet computed, the
 * longest-waiting first: workspace_id, period_id. */
kpid_result *kpid_store_period_result_stale_list(struct kpid_db *db, const char *limit,
                                                 enum kpid_db_status *status);

/* Stores results and scorecards (JSON texts) computed as of as_of in the current transaction's
 * snapshot, which the row remembers. */
enum kpid_db_status kpid_store_period_result_store(struct kpid_db *db, const char *workspace_id,
                                                   const char *period_id, const char *as_of,
                                                   const char *results, const char *scorecards);

/* Stops keeping the period's results (it is being closed: its snapshot is the truth). */
enum kpid_db_status kpid_store_period_result_delete(struct kpid_db *db, const char *workspace_id,
                                                    const char *period_id);

#endif
