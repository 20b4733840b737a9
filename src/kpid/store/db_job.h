/* A background job on a database connection of its own: a kpid_periodic thread that hands
 * each pass that connection, so requests never wait for the job's statements and the job
 * never waits for a request's connection. */
#ifndef KPID_STORE_DB_JOB_H
#define KPID_STORE_DB_JOB_H

#include "kpid/store/db.h"
#include "kpid/workers/periodic.h"

struct kpid_db_job;

/* One pass with the job's connection; w tells a long pass when to stop (kpid_periodic_stopping). */
typedef void (*kpid_db_job_fn)(struct kpid_db *db, struct kpid_periodic *w, void *ctx);

/* Starts the thread: fn(db, w, ctx) every interval_s seconds, or sooner when woken. A pass is
 * skipped while the database is unreachable. NULL when it cannot start. */
struct kpid_db_job *kpid_db_job_start(const char *database_url, unsigned interval_s,
                                      kpid_db_job_fn fn, void *ctx);

/* Runs `stmt` (a DELETE of at most `batch` rows, its parameters in params) again and again
 * until it deletes fewer than `batch` rows, fails or w is stopping; returns the rows deleted. */
long kpid_db_job_delete_batches(struct kpid_db *db, struct kpid_periodic *w,
                                struct kpid_db_stmt *stmt, int nparams, const char *const *params,
                                long batch);

/* Runs a pass as soon as the thread is free. */
void kpid_db_job_wake(struct kpid_db_job *job);

/* Stops the thread (after the pass under way), closes its connection, frees job; NULL does
 * nothing. */
void kpid_db_job_stop(struct kpid_db_job *job);

#endif
