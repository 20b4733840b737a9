/* Stored responses of Idempotency-Key requests: one function per statement of
 * src/kpid/store/sql/idempotency_*.sql. */
#ifndef KPID_STORE_IDEMPOTENCY_H
#define KPID_STORE_IDEMPOTENCY_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/* Claims the key for the request with this fingerprint (an empty response for now);
 * *claimed is false when the key is already there. A concurrent claim of the same key waits
 * until the other transaction ends. */
enum kpid_db_status kpid_store_idempotency_claim(struct kpid_db *db, const char *workspace_id,
                                                 const char *key, const char *fingerprint,
                                                 bool *claimed);

/* The key's stored response: no row, or one with fingerprint, status, response and `expired`
 * (older than KPID_IDEMPOTENCY_HOURS). */
kpid_result *kpid_store_idempotency_get(struct kpid_db *db, const char *workspace_id,
                                        const char *key, enum kpid_db_status *status);

/* Forgets the key. */
enum kpid_db_status kpid_store_idempotency_delete(struct kpid_db *db, const char *workspace_id,
                                                  const char *key);

/* Stores the response to the claimed key: its HTTP status, body text and the replayed
 * headers (a JSON object text). */
enum kpid_db_status kpid_store_idempotency_store(struct kpid_db *db, const char *workspace_id,
                                                 const char *key, unsigned http_status,
                                                 const char *response,
                                                 const char *headers);

#endif
