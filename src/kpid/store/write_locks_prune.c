/* Deletes the lead writers' lock rows that nobody holds, a bounded batch per statement so
 * that no statement holds many row locks for long. */
#include "kpid/store/write_locks_prune.h"

#include "kpid/log.h"

#include <stdlib.h>

KPID_DB_STMT(lead_write_locks_prune, "lead_write_locks_prune");

#define KPID_WRITE_LOCKS_PRUNE_BATCH "10000"

/* One pass: batches until one deletes less than a full batch. */
static void prune_pass(struct kpid_db *db, struct kpid_periodic *w, void *ctx)
{
    (void)ctx;
    const char *params[] = {KPID_WRITE_LOCKS_PRUNE_BATCH};
    const long batch = strtol(KPID_WRITE_LOCKS_PRUNE_BATCH, NULL, 10);
    long total = 0, n;
    do {
        enum kpid_db_status st;
        PGresult *res = kpid_db_exec(db, &lead_write_locks_prune, 1, params, &st);
        if (res == NULL)
            break;
        n = strtol(PQcmdTuples(res), NULL, 10);
        PQclear(res);
        total += n;
    } while (n == batch && !kpid_periodic_stopping(w));
    if (total > 0)
        kpid_log(KPID_LOG_DEBUG, "pruned %ld lead writers' lock rows", total);
}

struct kpid_db_job *kpid_write_locks_prune_start(const char *database_url, unsigned interval_s)
{
    return kpid_db_job_start(database_url, interval_s, prune_pass, NULL);
}
