/* The background purge of expired Idempotency-Key responses. */
#ifndef KPID_STORE_IDEM_PURGE_H
#define KPID_STORE_IDEM_PURGE_H

struct kpid_idem_purge;

/*
 * Starts a thread that, every interval_s seconds, deletes responses stored more than
 * expiry_hours ago, at most `batch` rows per statement, until a statement finds fewer. It
 * uses a database connection of its own. NULL when the thread cannot be started.
 */
struct kpid_idem_purge *kpid_idem_purge_start(const char *database_url, unsigned interval_s,
                                              unsigned batch, unsigned expiry_hours);

/* Stops the thread (a pass under way ends after its current statement) and frees it. */
void kpid_idem_purge_stop(struct kpid_idem_purge *purge);

#endif
