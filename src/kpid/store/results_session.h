/* The transaction settings of results computations, the one place they are spelled. */
#ifndef KPID_STORE_RESULTS_SESSION_H
#define KPID_STORE_RESULTS_SESSION_H

#include "kpid/store/db.h"

/*
 * Inside the current transaction: no JIT for these short analytic queries, memory for the
 * medians' sorts, and plans made for each call's parameters (a generic plan cannot drop the
 * per-channel grouping of the measures and would sort every lead of the period for it).
 */
enum kpid_db_status kpid_store_results_session(struct kpid_db *db);

/* Makes the current transaction (before its first query) a read-only repeatable-read one:
 * every statement of a results read sees the same data. */
enum kpid_db_status kpid_store_results_read_only(struct kpid_db *db);

#endif
