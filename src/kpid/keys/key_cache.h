/* The API keys this process looked up lately: key hash -> what authenticating it gives (key id,
 * workspace, scopes, the workspace's limits), so that a request skips the lookup round trip.
 *
 * An entry lives KPID_KEY_CACHE_SECONDS (default 5; 0 turns the cache off). A key revoked
 * through this process is dropped at once; one revoked through another kpid instance, or a
 * workspace's limits changed by `kpid workspace limits`, is seen here within that time. The
 * table has a fixed number of slots: a key whose slot another key took is looked up again. */
#ifndef KPID_KEYS_KEY_CACHE_H
#define KPID_KEYS_KEY_CACHE_H

#include "kpid/http/request.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slots of the table: one key each. */
#define KPID_KEY_CACHE_SLOTS 1024

/* Reads KPID_KEY_CACHE_SECONDS; -1 with a message on a bad value. Called once before serving. */
int kpid_key_cache_load_env(char *err, size_t err_size);

/* Sets the lifetime of new entries (0: nothing is kept); for tests and the loader. */
void kpid_key_cache_set_ttl_ms(unsigned ttl_ms);

/* Whether the key with this hash (64 hex digits) was found within its lifetime at now_ns (a
 * CLOCK_MONOTONIC reading); then *out is what its lookup gave. On a miss *generation is what
 * kpid_key_cache_put of the lookup that follows must be given. */
bool kpid_key_cache_get(const char *hash, uint64_t now_ns, struct kpid_auth *out,
                        uint64_t *generation);

/* Keeps what the lookup of the key with this hash gave, from now_ns on; nothing when a key
 * was dropped since the miss that returned `generation` (the lookup may have read it before
 * its revocation committed). */
void kpid_key_cache_put(const char *hash, uint64_t now_ns, const struct kpid_auth *auth,
                        uint64_t generation);

/* Drops the key with this id (revoked): the next request with it is looked up. */
void kpid_key_cache_drop_key(const char *key_id);

/* Drops every entry (tests). */
void kpid_key_cache_clear(void);

#endif
