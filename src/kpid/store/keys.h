/* Creating workspaces and API keys, shared by the CLI (kpid keys create) and the API. */
#ifndef KPID_STORE_KEYS_H
#define KPID_STORE_KEYS_H

#include "kpid/store/db.h"

#include <jansson.h>

/* Finds or creates the workspace called name; writes its id (37 bytes). */
enum kpid_db_status kpid_db_workspace_ensure(struct kpid_db *db, const char *name, char id[37]);

/*
 * Creates a key in the workspace with scopes given as a text[] literal ("{read,ingest}").
 * On KPID_DB_OK *out is {id, name, scopes, prefix, key, created_at}, the only time the
 * secret is ever returned.
 */
enum kpid_db_status kpid_db_key_create(struct kpid_db *db, const char *workspace_id,
                                       const char *name, const char *scopes, json_t **out);

#endif
