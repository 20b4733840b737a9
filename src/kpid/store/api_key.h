/* API keys in the database: one function per statement of src/kpid/store/sql/api_key_*.sql. */
#ifndef KPID_STORE_API_KEY_H
#define KPID_STORE_API_KEY_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* A key to store: only the hash of its secret, and its first characters to recognise it. */
struct kpid_api_key_new {
    const char *name;
    const char *prefix;
    const char *key_hash; /* lower-case hex SHA-256 */
    const char *scopes;   /* a text[] literal such as {read,ingest} */
};

/* The live (unrevoked) key with this hash, refreshing its last_used_at at most once a
 * minute: no row, or one with id, workspace_id and scopes (a text[] literal). */
kpid_result *kpid_store_api_key_find(struct kpid_db *db, const char *key_hash,
                                     enum kpid_db_status *status);

/* Stores a new key; one row: id, name, scopes, prefix, created_at. */
kpid_result *kpid_store_api_key_insert(struct kpid_db *db, const char *workspace_id,
                                       const struct kpid_api_key_new *key,
                                       enum kpid_db_status *status);

/* One page by (created_at, id): the insert's columns, last_used_at and revoked_at; filter is
 * unused (NULL). */
kpid_result *kpid_store_api_key_list(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_store_page *page, const void *filter,
                                     enum kpid_db_status *status);

/* Revokes the key (a revoked key stays revoked at its first time); one row (id) when the
 * workspace has the key, none otherwise. */
kpid_result *kpid_store_api_key_revoke(struct kpid_db *db, const char *workspace_id, const char *id,
                                       enum kpid_db_status *status);

#endif
