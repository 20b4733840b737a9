/* Webhook deliveries (the inbox) in the database: one function per statement of
 * src/kpid/store/sql/webhook_event_*.sql. */
#ifndef KPID_STORE_WEBHOOK_EVENT_H
#define KPID_STORE_WEBHOOK_EVENT_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

#include <stdbool.h>
#include <stddef.h>

/* The filters of the list; NULL = no filter. */
struct kpid_webhook_event_filter {
    const char *status;
    const char *source; /* the source's name */
};

/* A delivery as received. */
struct kpid_webhook_delivery {
    const char *source_name;
    const char *content_type;
    const char *body; /* body_len bytes, any content */
    size_t body_len;
    const char *body_sha256; /* hex */
    const char *signature;   /* the v1 that authenticated it (hex), or NULL for a token */
};

/*
 * Stores the delivery as a received event: one row (id), or none when the source already
 * has an event with the same body or signature (a duplicate or a replay: find_earlier tells
 * which).
 */
kpid_result *kpid_store_webhook_event_insert(struct kpid_db *db, const char *workspace_id,
                                             const struct kpid_webhook_delivery *delivery,
                                             enum kpid_db_status *status);

/* The source's event with this body or signature, a signature match first: no row, or one
 * with id and replayed_signature (true when the signature was seen before). */
kpid_result *kpid_store_webhook_event_find_earlier(struct kpid_db *db, const char *workspace_id,
                                                   const char *source_name, const char *body_sha256,
                                                   const char *signature,
                                                   enum kpid_db_status *status);

/* One page by (received_at, id): id, source_name, received_at, status, error, attempts,
 * result, content_type, body (bytea: read it with kpid_result_bytes), processed_at; filter
 * is a struct kpid_webhook_event_filter. */
kpid_result *kpid_store_webhook_event_list(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_page *page, const void *filter,
                                           enum kpid_db_status *status);

/* Locks the event for mapping it again: no row, or one with body (bytea), received_at (RFC
 * 3339, UTC) and its source's source_name, payload, target and field_map. */
kpid_result *kpid_store_webhook_event_get_for_replay(struct kpid_db *db, const char *workspace_id,
                                                     const char *id, enum kpid_db_status *status);

/* Locks and lists up to limit ids of the source's events with this status, oldest first
 * (received_at, id). */
kpid_result *kpid_store_webhook_event_list_parked(struct kpid_db *db, const char *workspace_id,
                                                  const char *source_name, const char *event_status,
                                                  const char *limit, enum kpid_db_status *status);

/* Records a mapping attempt: event_status "mapped" with the result (JSON text) or "failed"
 * with the error; counts the attempt and stamps processed_at. */
enum kpid_db_status kpid_store_webhook_event_set_outcome(struct kpid_db *db,
                                                         const char *workspace_id, const char *id,
                                                         const char *event_status,
                                                         const char *error, const char *result);

/* A stored delivery whose record has to be fetched: status pending_fetch, due now. */
enum kpid_db_status kpid_store_webhook_event_set_pending_fetch(struct kpid_db *db,
                                                               const char *workspace_id,
                                                               const char *id);

/*
 * Claims for claim_seconds the pending_fetch event due first among the sources with fewer
 * than per_source claimed events, in any workspace: no row, or one with id, workspace_id,
 * source_name, body (bytea), received_at (RFC 3339), age_seconds (since received), attempts and the
 * source's preset, payload, target, field_map, fetch_url, fetch_token and fetch_allow_http.
 */
kpid_result *kpid_store_webhook_event_claim_fetch(struct kpid_db *db, unsigned per_source,
                                                  unsigned claim_seconds,
                                                  enum kpid_db_status *status);

/* Locks the event if it is still pending_fetch (*pending says so). */
enum kpid_db_status kpid_store_webhook_event_lock_pending(struct kpid_db *db,
                                                          const char *workspace_id, const char *id,
                                                          bool *pending);

/* A failed fetch to try again in delay_ms: counts the attempt, keeps error, ends the claim. */
enum kpid_db_status kpid_store_webhook_event_retry_fetch(struct kpid_db *db,
                                                         const char *workspace_id, const char *id,
                                                         unsigned long long delay_ms,
                                                         const char *error);

#endif
