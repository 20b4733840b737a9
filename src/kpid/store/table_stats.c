/* One ANALYZE per doubling of a table, and per quadrupling of a workspace the statistics put
 * lower (src/kpid/store/sql/table_stats_stale.sql): the planner's row counts stay within a
 * small factor of the truth at the cost of O(log n) analyses. Runs outside every request's
 * transaction, so a wait for autovacuum's lock on the table delays nobody's write. */
#include "kpid/store/table_stats.h"

#include "kpid/log.h"
#include "kpid/store/db_job.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

KPID_DB_STMT(table_stats_stale, "table_stats_stale");

/* The job kpid_table_stats_wake wakes (one per process). */
static _Atomic(struct kpid_db_job *) running;

static void analyse_pass(struct kpid_db *db, struct kpid_periodic *w, void *ctx)
{
    (void)w;
    (void)ctx;
    enum kpid_db_status st;
    PGresult *stale = kpid_db_exec(db, &table_stats_stale, 0, NULL, &st);
    for (int r = 0; stale != NULL && r < PQntuples(stale); r++) {
        const char *table = PQgetvalue(stale, r, 0);
        char sql[96];
        snprintf(sql, sizeof sql, "ANALYZE %s", table); /* a name from the statement's list */
        PGresult *done = kpid_db_exec_text(db, sql, &st);
        PQclear(done);
        kpid_log(st == KPID_DB_OK ? KPID_LOG_DEBUG : KPID_LOG_WARN, "ANALYZE %s: %s", table,
                 st == KPID_DB_OK ? "done" : "failed, tried again later");
    }
    PQclear(stale);
}

struct kpid_db_job *kpid_table_stats_start(const char *database_url, unsigned interval_s)
{
    struct kpid_db_job *job = kpid_db_job_start(database_url, interval_s, analyse_pass, NULL);
    atomic_store(&running, job);
    return job;
}

void kpid_table_stats_wake(void)
{
    struct kpid_db_job *job = atomic_load(&running);
    if (job != NULL)
        kpid_db_job_wake(job);
}

void kpid_table_stats_stop(struct kpid_db_job *job)
{
    atomic_store(&running, NULL);
    kpid_db_job_stop(job);
}
