/* Merges the rollups' delta log in the background, so that reads add few unmerged deltas. */
#include "kpid/store/rollup_merge.h"

#include "kpid/log.h"
#include "kpid/store/results_session.h"
#include "kpid/store/stmt_run.h"
#include "kpid/workers/periodic.h"

#include <stdlib.h>

KPID_DB_STMT(merge_pass, "rollup_merge");

struct kpid_rollup_merge {
    struct kpid_db_pool *pool; /* one connection, so requests never wait for the merge */
    struct kpid_periodic *worker;
};

/* One snapshot for the whole pass: a delta is merged exactly when its rows are visible. */
static enum kpid_db_status merge_tx(struct kpid_db *db, void *ctx)
{
    (void)ctx;
    enum kpid_db_status st = kpid_store_results_repeatable_read(db);
    return st == KPID_DB_OK ? kpid_store_exec_status(db, &merge_pass, 0, NULL) : st;
}

enum kpid_db_status kpid_rollup_merge_once(struct kpid_db *db)
{
    return kpid_db_transaction(db, merge_tx, NULL);
}

static void merge_pass_run(struct kpid_periodic *w, void *ctx)
{
    (void)w;
    struct kpid_rollup_merge *m = ctx;
    enum kpid_db_status st;
    struct kpid_db *db = kpid_db_acquire(m->pool, 1000, &st);
    if (db == NULL)
        return; /* the database is down: the next pass tries again */
    if (kpid_rollup_merge_once(db) != KPID_DB_OK)
        kpid_log(KPID_LOG_WARN, "rollup merge pass failed; the next pass tries again");
    kpid_db_release(db);
}

struct kpid_rollup_merge *kpid_rollup_merge_start(const char *database_url, unsigned interval_s)
{
    struct kpid_rollup_merge *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->pool = kpid_db_pool_new(database_url, 1);
    if (m->pool == NULL ||
        (m->worker = kpid_periodic_start(interval_s, merge_pass_run, m)) == NULL) {
        kpid_db_pool_free(m->pool);
        free(m);
        return NULL;
    }
    return m;
}

void kpid_rollup_merge_stop(struct kpid_rollup_merge *m)
{
    if (m == NULL)
        return;
    kpid_periodic_stop(m->worker);
    kpid_db_pool_free(m->pool);
    free(m);
}
