/* Deletes the lead writers' lock rows that nobody holds, a bounded batch per statement so
 * that no statement holds many row locks for long. */
#include "kpid/store/write_locks_prune.h"

#include "kpid/log.h"

#include <stdio.h>

KPID_DB_STMT(lead_write_locks_prune, "lead_write_locks_prune");

/* Rows per statement: a batch of 1000 leads leaves about 3000. */
#define KPID_WRITE_LOCKS_PRUNE_BATCH 10000

/* One pass: batches until one deletes fewer than a full batch. */
static void prune_pass(struct kpid_db *db, struct kpid_periodic *w, void *ctx)
{
    (void)ctx;
    char batch[16];
    snprintf(batch, sizeof batch, "%d", KPID_WRITE_LOCKS_PRUNE_BATCH);
    const char *params[] = {batch};
    long total = kpid_db_job_delete_batches(db, w, &lead_write_locks_prune, 1, params,
                                            KPID_WRITE_LOCKS_PRUNE_BATCH);
    if (total > 0)
        kpid_log(KPID_LOG_DEBUG, "pruned %ld lead writers' lock rows", total);
}

struct kpid_db_job *kpid_write_locks_prune_start(const char *database_url, unsigned interval_s)
{
    return kpid_db_job_start(database_url, interval_s, prune_pass, NULL);
}
