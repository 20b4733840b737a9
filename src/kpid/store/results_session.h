/* The transaction settings of results computations, the one place they are spelled. */
#ifndef KPID_STORE_RESULTS_SESSION_H
#define KPID_STORE_RESULTS_SESSION_H

#include "kpid/store/db.h"

/*
 * Inside the current transaction: no JIT for these short analytic queries, memory for the
 * medians' sorts, and plans made for each call's parameters (a generic plan cannot drop the
 * per-channel grouping of the measures and would sort every lead of the period for it), and
 * a statement timeout of timeout_ms that bounds the work of one results request, well under
 * the session's 30 s, so a workspace's expensive reads cannot hold connections for long.
 */
enum kpid_db_status kpid_store_results_session(struct kpid_db *db, unsigned timeout_ms);

/* Makes the current transaction (before its first query) a read-only repeatable-read one:
 * every statement of a results read sees the same data. */
enum kpid_db_status kpid_store_results_read_only(struct kpid_db *db);

/* The same, read-write: a refresh computes in one snapshot and stores what it computed. */
enum kpid_db_status kpid_store_results_repeatable_read(struct kpid_db *db);

#endif
