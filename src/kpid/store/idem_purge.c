/* Purges expired Idempotency-Key responses in the background, a bounded batch per statement,
 * so that the table holds about one expiry window of keys however long kpid runs. */
#include "kpid/store/idem_purge.h"

#include "kpid/log.h"
#include "kpid/store/db_job.h"

#include <stdio.h>
#include <stdlib.h>

/* Oldest first, on the created_at index; SKIP LOCKED leaves a key that a request is just
 * reclaiming to that request. */
KPID_DB_STMT(purge_batch, "idempotency_purge_expired");

struct kpid_idem_purge {
    unsigned batch, expiry_hours;
    struct kpid_db_job *job;
};

/* One pass: batches until one deletes fewer than a full batch. */
static void purge_pass(struct kpid_db *db, struct kpid_periodic *w, void *ctx)
{
    struct kpid_idem_purge *p = ctx;
    char hours[16], batch[16];
    snprintf(hours, sizeof hours, "%u", p->expiry_hours);
    snprintf(batch, sizeof batch, "%u", p->batch);
    const char *params[] = {hours, batch};
    long total = kpid_db_job_delete_batches(db, w, &purge_batch, 2, params, (long)p->batch);
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
    if ((p->job = kpid_db_job_start(database_url, interval_s, purge_pass, p)) == NULL) {
        free(p);
        return NULL;
    }
    return p;
}

void kpid_idem_purge_stop(struct kpid_idem_purge *p)
{
    if (p == NULL)
        return;
    kpid_db_job_stop(p->job);
    free(p);
}
