/* A direct-mapped table of recent API key lookups behind one mutex: a slot per key hash, an
 * expiry per slot. Hits cost a hash and a copy; the mutex is held for no more than that. */
#include "kpid/keys/key_cache.h"

#include "kpid/config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    char hash[65]; /* "" when empty */
    uint64_t expires_ns;
    struct kpid_auth auth;
};

static struct slot slots[KPID_KEY_CACHE_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t ttl_ns = 5ull * 1000000000ull;
static uint64_t drops; /* kpid_key_cache_drop_key calls so far */

int kpid_key_cache_load_env(char *err, size_t err_size)
{
    unsigned long long seconds;
    if (kpid_config_read_unsigned("KPID_KEY_CACHE_SECONDS", 5, 0, 60, &seconds, err, err_size) !=
        0)
        return -1;
    kpid_key_cache_set_ttl_ms((unsigned)seconds * 1000u);
    return 0;
}

void kpid_key_cache_set_ttl_ms(unsigned ttl_ms)
{
    pthread_mutex_lock(&lock);
    ttl_ns = (uint64_t)ttl_ms * 1000000ull;
    pthread_mutex_unlock(&lock);
}

/* The hash is SHA-256 in hex: its first 16 digits are as good as any hash of it. */
static struct slot *slot_of(const char *hash)
{
    char head[17];
    memcpy(head, hash, 16);
    head[16] = '\0';
    return &slots[strtoull(head, NULL, 16) % KPID_KEY_CACHE_SLOTS];
}

bool kpid_key_cache_get(const char *hash, uint64_t now_ns, struct kpid_auth *out,
                        uint64_t *generation)
{
    if (strlen(hash) != 64)
        return false;
    pthread_mutex_lock(&lock);
    *generation = drops;
    struct slot *s = slot_of(hash);
    bool hit = strcmp(s->hash, hash) == 0 && now_ns < s->expires_ns;
    if (hit)
        *out = s->auth;
    pthread_mutex_unlock(&lock);
    return hit;
}

void kpid_key_cache_put(const char *hash, uint64_t now_ns, const struct kpid_auth *auth,
                        uint64_t generation)
{
    if (strlen(hash) != 64)
        return;
    pthread_mutex_lock(&lock);
    if (ttl_ns > 0 && generation == drops) {
        struct slot *s = slot_of(hash);
        memcpy(s->hash, hash, sizeof s->hash);
        s->expires_ns = now_ns + ttl_ns;
        s->auth = *auth;
    }
    pthread_mutex_unlock(&lock);
}

void kpid_key_cache_drop_key(const char *key_id)
{
    pthread_mutex_lock(&lock);
    drops++;
    for (size_t i = 0; i < KPID_KEY_CACHE_SLOTS; i++)
        if (slots[i].hash[0] != '\0' && strcmp(slots[i].auth.key_id, key_id) == 0)
            slots[i].hash[0] = '\0';
    pthread_mutex_unlock(&lock);
}

void kpid_key_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < KPID_KEY_CACHE_SLOTS; i++)
        slots[i].hash[0] = '\0';
    pthread_mutex_unlock(&lock);
}
