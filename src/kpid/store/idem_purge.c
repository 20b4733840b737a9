/* Purges expired Idempotency-Key responses in the background, a bounded batch per statement,
 * so that the table holds about one expiry window of keys however long kpid runs. */
#include "kpid/store/idem_purge.h"

#include "kpid/store/db.h"
#include "kpid/log.h"
#include "kpid/workers/periodic.h"

#include <stdio.h>
#include <stdlib.h>

/* Oldest first, on the created_at index; SKIP LOCKED leaves a key that a request is just
 * reclaiming to that request. */
KPID_DB_STMT(purge_batch, "idempotency_purge_expired");

struct kpid_idem_purge {
    struct kpid_db_pool *pool; /* one connection, so requests never wait for the purge */
    unsigned batch, expiry_hours;
    struct kpid_periodic *worker;
};

/* One pass: batches until one deletes fewer than a full batch. */
static void purge_pass(struct kpid_periodic *w, void *ctx)
{
    struct kpid_idem_purge *p = ctx;
    enum kpid_db_status st;
    struct kpid_db *db = kpid_db_acquire(p->pool, 1000, &st);
    if (db == NULL)
        return; /* the database is down: the next pass tries again */
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
    } while (n == (long)p->batch && !kpid_periodic_stopping(w));
    kpid_db_release(db);
    if (total > 0)
        kpid_log(KPID_LOG_DEBUG, "purged %ld expired idempotency keys", total);
}

struct kpid_idem_purge *kpid_idem_purge_start(const char *database_url, unsigned interval_s,
                                              unsigned batch, unsigned expiry_hours)
{
    struct kpid_idem_purge *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    *p = (struct kpid_idem_purge){.batch = batch, .expiry_hours = expiry_hours};
    p->pool = kpid_db_pool_new(database_url, 1);
    if (p->pool == NULL || (p->worker = kpid_periodic_start(interval_s, purge_pass, p)) == NULL) {
        kpid_db_pool_free(p->pool);
        free(p);
        return NULL;
    }
    return p;
}

void kpid_idem_purge_stop(struct kpid_idem_purge *p)
{
    if (p == NULL)
        return;
    kpid_periodic_stop(p->worker);
    kpid_db_pool_free(p->pool);
    free(p);
}
