/* Purges expired Idempotency-Key responses in the background, a bounded batch per statement,
 * so that the table holds about one expiry window of keys however long kpid runs. */
#include "kpid/store/idem_purge.h"

#include "kpid/store/db.h"
#include "kpid/log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Oldest first, on the created_at index; SKIP LOCKED leaves a key that a request is just
 * reclaiming to that request. */
KPID_DB_STMT(purge_batch, "idempotency_purge_expired");

struct kpid_idem_purge {
    struct kpid_db_pool *pool; /* one connection, so requests never wait for the purge */
    unsigned interval_s, batch, expiry_hours;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    pthread_t thread;
};

static bool stopping(struct kpid_idem_purge *p)
{
    pthread_mutex_lock(&p->lock);
    bool stop = p->stop;
    pthread_mutex_unlock(&p->lock);
    return stop;
}

/* One pass: batches until one deletes fewer than a full batch. Returns the rows deleted. */
static long purge_pass(struct kpid_idem_purge *p)
{
    enum kpid_db_status st;
    struct kpid_db *db = kpid_db_acquire(p->pool, 1000, &st);
    if (db == NULL)
        return 0; /* the database is down: the next pass tries again */
    char hours[16], batch[16];
    snprintf(hours, sizeof hours, "%u", p->expiry_hours);
    snprintf(batch, sizeof batch, "%u", p->batch);
    const char *params[] = {hours, batch};
    long total = 0, n;
    do {
        PGresult *res = kpid_db_exec(db, &purge_batch, 2, params, &st);
        if (res == NULL)
            break;
        n = strtol(PQcmdTuples(res), NULL, 10);
        PQclear(res);
        total += n;
    } while (n == (long)p->batch && !stopping(p));
    kpid_db_release(db);
    return total;
}

static void *run(void *arg)
{
    struct kpid_idem_purge *p = arg;
    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += p->interval_s;
        while (!p->stop && pthread_cond_timedwait(&p->wake, &p->lock, &until) == 0)
            ;
        if (p->stop)
            break;
        pthread_mutex_unlock(&p->lock);
        long n = purge_pass(p);
        if (n > 0)
            kpid_log(KPID_LOG_DEBUG, "purged %ld expired idempotency keys", n);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void purge_free(struct kpid_idem_purge *p)
{
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    kpid_db_pool_free(p->pool);
    free(p);
}

struct kpid_idem_purge *kpid_idem_purge_start(const char *database_url, unsigned interval_s,
                                              unsigned batch, unsigned expiry_hours)
{
    struct kpid_idem_purge *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    *p = (struct kpid_idem_purge){
        .interval_s = interval_s, .batch = batch, .expiry_hours = expiry_hours};
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&p->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&p->lock, NULL);
    p->pool = kpid_db_pool_new(database_url, 1);
    if (p->pool == NULL || pthread_create(&p->thread, NULL, run, p) != 0) {
        purge_free(p);
        return NULL;
    }
    return p;
}

void kpid_idem_purge_stop(struct kpid_idem_purge *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    purge_free(p);
}
