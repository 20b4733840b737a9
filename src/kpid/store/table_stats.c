/* One ANALYZE per doubling of a table: the planner's row counts stay within a factor of two of
 * the truth at the cost of O(log n) analyses. Runs outside every request's transaction, so a
 * wait for autovacuum's lock on the table delays nobody's write. */
#include "kpid/store/table_stats.h"

#include "kpid/log.h"
#include "kpid/store/db.h"
#include "kpid/workers/periodic.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

KPID_DB_STMT(table_stats_stale, "table_stats_stale");

struct kpid_table_stats {
    struct kpid_db_pool *pool;
    struct kpid_periodic *worker;
};

/* The thread kpid_table_stats_wake wakes (one per process). */
static _Atomic(struct kpid_table_stats *) running;

static void analyse_pass(struct kpid_periodic *w, void *ctx)
{
    (void)w;
    struct kpid_table_stats *t = ctx;
    enum kpid_db_status st;
    struct kpid_db *db = kpid_db_acquire(t->pool, 1000, &st);
    if (db == NULL)
        return; /* the database is down: the next pass tries again */
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
    kpid_db_release(db);
}

struct kpid_table_stats *kpid_table_stats_start(const char *database_url, unsigned interval_s)
{
    struct kpid_table_stats *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->pool = kpid_db_pool_new(database_url, 1);
    if (t->pool == NULL ||
        (t->worker = kpid_periodic_start(interval_s, analyse_pass, t)) == NULL) {
        kpid_db_pool_free(t->pool);
        free(t);
        return NULL;
    }
    atomic_store(&running, t);
    return t;
}

void kpid_table_stats_wake(void)
{
    struct kpid_table_stats *t = atomic_load(&running);
    if (t != NULL)
        kpid_periodic_wake(t->worker);
}

void kpid_table_stats_stop(struct kpid_table_stats *t)
{
    if (t == NULL)
        return;
    atomic_store(&running, NULL);
    kpid_periodic_stop(t->worker);
    kpid_db_pool_free(t->pool);
    free(t);
}
