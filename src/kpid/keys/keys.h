/* API keys and source tokens: random secrets, kept only as their SHA-256, and key creation. */
#ifndef KPID_KEYS_KEYS_H
#define KPID_KEYS_KEYS_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <jansson.h>

/* A key is "kpid_" + 43 characters of base64url (32 random bytes). */
#define KPID_KEY_LEN 48
#define KPID_KEY_PREFIX_LEN 12

/* Fills key (KPID_KEY_LEN + 1 bytes) with a fresh random key; -1 if the RNG failed. */
int kpid_key_generate(char key[KPID_KEY_LEN + 1]);

/* Lower-case hex SHA-256 of the key, as stored in api_keys.key_hash. */
void kpid_key_hash(const char *key, char hex[65]);

/* {id, name, scopes, prefix, created_at} of an API key's row i. */
json_t *kpid_key_json(const kpid_result *res, int i);

/*
 * Creates a key in the workspace with scopes given as a text[] literal ("{read,ingest}").
 * On KPID_DB_OK *out is {id, name, scopes, prefix, key, created_at}, the only time the
 * secret is ever returned.
 */
enum kpid_db_status kpid_key_create(struct kpid_db *db, const char *workspace_id, const char *name,
                                    const char *scopes, json_t **out);

#endif
