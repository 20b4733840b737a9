/* Single writes that share a transaction: concurrent POSTs of one resource into one workspace
 * are written together, as one batch, and each answered after that batch's COMMIT. */
#ifndef KPID_INGEST_SHARED_WRITE_H
#define KPID_INGEST_SHARED_WRITE_H

#include "kpid/ingest/resource.h"

/* Most items one shared transaction writes. */
#define KPID_SHARED_WRITE_MAX 100

/* Gives the request that becomes a writer its database connection (NULL: *status says why). */
typedef struct kpid_db *(*kpid_db_source_fn)(void *ctx, enum kpid_db_status *status);

/*
 * Writes `item` (keep_row set; its input already decoded without errors) in workspace_id.
 * The first caller with nothing in flight for (r, workspace) writes at once, alone;
 * callers arriving while that write runs queue up, and the next of them writes everything
 * queued (up to KPID_SHARED_WRITE_MAX items) in one transaction, the others waiting for its
 * COMMIT. The next writer starts when the one before is done, or, after a small group, when
 * it has sent its COMMIT. Only a writer takes a database connection, from
 * connect(connect_ctx): a queued request holds none. It is group commit: nobody waits for a
 * timer, a write alone costs what it did, and under load one transaction carries many
 * requests. The batch write path gives every item the outcome, id and stored row it would
 * have had alone (duplicates of one contact settled by creation time, repeats of one natural
 * key as create-then-update).
 *
 * On return item's outcome, id and row (always set for a written item) are filled and the
 * transaction's status is returned. When a shared transaction failed in a way one item may
 * have caused (not a lost connection, contention or a serialization failure after reruns),
 * nothing of it was written, *alone is set, and the caller writes its item by itself.
 */
enum kpid_db_status kpid_ingest_write_shared(const struct kpid_ingest_resource *r,
                                             kpid_db_source_fn connect, void *connect_ctx,
                                             const char *workspace_id,
                                             struct kpid_ingest_item *item, bool *alone);

/* Shared transactions run and the POSTs they carried since start (GET /metrics): their ratio
 * is the average group. */
void kpid_ingest_shared_write_counts(unsigned long long *transactions,
                                     unsigned long long *posts);

#endif
