/* Webhook deliveries (the inbox): the statements of src/kpid/store/sql/webhook_event_*.sql with
 * named parameters. */
#include "kpid/store/webhook_event.h"

#include "kpid/store/stmt_run.h"

#include <stdio.h>
#include <stdlib.h>

KPID_DB_STMT(webhook_event_insert, "webhook_event_insert");
KPID_DB_STMT(webhook_event_find_earlier, "webhook_event_find_earlier");
KPID_DB_STMT(webhook_event_list, "webhook_event_list");
KPID_DB_STMT(webhook_event_get_for_replay, "webhook_event_get_for_replay");
KPID_DB_STMT(webhook_event_set_outcome, "webhook_event_set_outcome");
KPID_DB_STMT(webhook_event_list_parked, "webhook_event_list_parked");
KPID_DB_STMT(webhook_event_set_pending_fetch, "webhook_event_set_pending_fetch");
KPID_DB_STMT(webhook_event_claim_fetch, "webhook_event_claim_fetch");
KPID_DB_STMT(webhook_event_lock_pending, "webhook_event_lock_pending");
KPID_DB_STMT(webhook_event_retry_fetch, "webhook_event_retry_fetch");

/* "\x" + hex of the bytes: bytea input for a text parameter. */
static char *bytea_hex(const char *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    char *out = malloc(2 * len + 3);
    if (out == NULL)
        return NULL;
    out[0] = '\\', out[1] = 'x';
    for (size_t i = 0; i < len; i++) {
        out[2 + 2 * i] = digits[(unsigned char)data[i] >> 4];
        out[3 + 2 * i] = digits[(unsigned char)data[i] & 15];
    }
    out[2 * len + 2] = '\0';
    return out;
}

kpid_result *kpid_store_webhook_event_insert(struct kpid_db *db, const char *workspace_id,
                                             const struct kpid_webhook_delivery *d,
                                             enum kpid_db_status *status)
{
    char *body = bytea_hex(d->body, d->body_len);
    if (body == NULL) {
        *status = KPID_DB_ERROR;
        return NULL;
    }
    const char *params[] = {workspace_id, d->source_name, d->content_type,
                            body,         d->body_sha256, d->signature};
    kpid_result *res = kpid_db_exec(db, &webhook_event_insert, 6, params, status);
    free(body);
    return res;
}

kpid_result *kpid_store_webhook_event_find_earlier(struct kpid_db *db, const char *workspace_id,
                                                   const char *source_name, const char *body_sha256,
                                                   const char *signature,
                                                   enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, source_name, body_sha256, signature};
    return kpid_db_exec(db, &webhook_event_find_earlier, 4, params, status);
}

kpid_result *kpid_store_webhook_event_list(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_page *page, const void *filter,
                                           enum kpid_db_status *status)
{
    const struct kpid_webhook_event_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id,
                            page->limit,  f->status,       f->source};
    return kpid_db_exec(db, &webhook_event_list, 6, params, status);
}

kpid_result *kpid_store_webhook_event_get_for_replay(struct kpid_db *db, const char *workspace_id,
                                                     const char *id, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, id};
    return kpid_db_exec(db, &webhook_event_get_for_replay, 2, params, status);
}

kpid_result *kpid_store_webhook_event_list_parked(struct kpid_db *db, const char *workspace_id,
                                                  const char *source_name, const char *event_status,
                                                  const char *limit, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, source_name, event_status, limit};
    return kpid_db_exec(db, &webhook_event_list_parked, 4, params, status);
}

enum kpid_db_status kpid_store_webhook_event_set_outcome(struct kpid_db *db,
                                                         const char *workspace_id, const char *id,
                                                         const char *event_status,
                                                         const char *error, const char *result)
{
    const char *params[] = {workspace_id, id, event_status, error, result};
    return kpid_store_exec_status(db, &webhook_event_set_outcome, 5, params);
}

enum kpid_db_status kpid_store_webhook_event_set_pending_fetch(struct kpid_db *db,
                                                               const char *workspace_id,
                                                               const char *id)
{
    const char *params[] = {workspace_id, id};
    return kpid_store_exec_status(db, &webhook_event_set_pending_fetch, 2, params);
}

kpid_result *kpid_store_webhook_event_claim_fetch(struct kpid_db *db, unsigned per_source,
                                                  unsigned claim_seconds,
                                                  enum kpid_db_status *status)
{
    char limit[16], seconds[16];
    snprintf(limit, sizeof limit, "%u", per_source);
    snprintf(seconds, sizeof seconds, "%u", claim_seconds);
    const char *params[] = {limit, seconds};
    return kpid_db_exec(db, &webhook_event_claim_fetch, 2, params, status);
}

enum kpid_db_status kpid_store_webhook_event_lock_pending(struct kpid_db *db,
                                                          const char *workspace_id, const char *id,
                                                          bool *pending)
{
    const char *params[] = {workspace_id, id};
    return kpid_store_exec_found(db, &webhook_event_lock_pending, 2, params, pending);
}

enum kpid_db_status kpid_store_webhook_event_retry_fetch(struct kpid_db *db,
                                                         const char *workspace_id, const char *id,
                                                         unsigned long long delay_ms,
                                                         const char *error)
{
    char delay[24];
    snprintf(delay, sizeof delay, "%llu", delay_ms);
    const char *params[] = {workspace_id, id, delay, error};
    return kpid_store_exec_status(db, &webhook_event_retry_fetch, 4, params);
}
