/* Background jobs with a database connection each (see db_job.h). */
#include "kpid/store/db_job.h"

#include <stdlib.h>

struct kpid_db_job {
    struct kpid_db_pool *pool; /* of one connection */
    struct kpid_periodic *worker;
    kpid_db_job_fn fn;
    void *ctx;
};

static void pass(struct kpid_periodic *w, void *arg)
{
    struct kpid_db_job *job = arg;
    enum kpid_db_status st;
    struct kpid_db *db = kpid_db_acquire(job->pool, 1000, &st);
    if (db == NULL)
        return; /* the database is down: the next pass tries again */
    job->fn(db, w, job->ctx);
    kpid_db_release(db);
}

struct kpid_db_job *kpid_db_job_start(const char *database_url, unsigned interval_s,
                                      kpid_db_job_fn fn, void *ctx)
{
    struct kpid_db_job *job = calloc(1, sizeof *job);
    if (job == NULL)
        return NULL;
    *job = (struct kpid_db_job){.fn = fn, .ctx = ctx};
    job->pool = kpid_db_pool_new(database_url, 1);
    if (job->pool == NULL || (job->worker = kpid_periodic_start(interval_s, pass, job)) == NULL) {
        kpid_db_pool_free(job->pool);
        free(job);
        return NULL;
    }
    return job;
}

long kpid_db_job_delete_batches(struct kpid_db *db, struct kpid_periodic *w,
                                struct kpid_db_stmt *stmt, int nparams, const char *const *params,
                                long batch)
{
    long total = 0, n;
    do {
        enum kpid_db_status st;
        PGresult *res = kpid_db_exec(db, stmt, nparams, params, &st);
        if (res == NULL)
            break;
        n = strtol(PQcmdTuples(res), NULL, 10);
        PQclear(res);
        total += n;
    } while (n == batch && !kpid_periodic_stopping(w));
    return total;
}

void kpid_db_job_wake(struct kpid_db_job *job)
{
    kpid_periodic_wake(job->worker);
}

void kpid_db_job_stop(struct kpid_db_job *job)
{
    if (job == NULL)
        return;
    kpid_periodic_stop(job->worker);
    kpid_db_pool_free(job->pool);
    free(job);
}
