/* Requests per second per API key: token buckets in memory, checked before the database. */
#ifndef KPID_LIMITS_RATE_H
#define KPID_LIMITS_RATE_H

#include <stdbool.h>
#include <stdint.h>

/* A key as the buckets know it: the first 64 bits of its SHA-256 (hex). */
uint64_t kpid_rate_key(const char *hash_hex);

/* Takes a token from the key's bucket. False, with the seconds until the next token in
 * *retry_after_s, when the bucket is empty. A key without a bucket yet (not authenticated
 * since start) is admitted: only kpid_rate_note creates buckets, so unknown keys cost
 * nothing. */
bool kpid_rate_admit(uint64_t key, uint64_t now_ns, unsigned *retry_after_s);

/* After the key was authenticated: creates its bucket (this request's token already taken)
 * or updates its rate, which the workspace's operator may have changed. */
void kpid_rate_note(uint64_t key, long per_second, uint64_t now_ns);

#endif
