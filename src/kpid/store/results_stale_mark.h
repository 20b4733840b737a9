/* The marks writes leave for stored results: src/kpid/store/sql/results_stale_mark_*.sql. */
#ifndef KPID_STORE_RESULTS_STALE_MARK_H
#define KPID_STORE_RESULTS_STALE_MARK_H

#include "kpid/store/db.h"

/* Deletes the marks every stored open period's results already include (run outside a
 * transaction: a mark a writer is just moving on is re-read after its commit and kept). */
enum kpid_db_status kpid_store_results_stale_mark_purge(struct kpid_db *db);

#endif
