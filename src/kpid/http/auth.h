/* Bearer API keys: generation, hashing and the per-request check against the database. */
#ifndef KPID_HTTP_AUTH_H
#define KPID_HTTP_AUTH_H

#include "kpid/http/request.h"

/* A key is "kpid_" + 43 characters of base64url (32 random bytes). */
#define KPID_KEY_LEN 48
#define KPID_KEY_PREFIX_LEN 12

/* Fills key (KPID_KEY_LEN + 1 bytes) with a fresh random key; -1 if the RNG failed. */
int kpid_key_generate(char key[KPID_KEY_LEN + 1]);

/* Lower-case hex SHA-256 of the key, as stored in api_keys.key_hash. */
void kpid_key_hash(const char *key, char hex[65]);

/* Authenticates the bearer key when the route needs one (401 missing/unknown/revoked,
 * 403 when it lacks the scope) and fills req->auth. */
enum kpid_outcome kpid_auth_check(struct kpid_request *req, enum kpid_scope scope);

/* Parses a scope name ("ingest", "read", "admin"); 0 when unknown. */
unsigned kpid_scope_parse(const char *name);

#endif
