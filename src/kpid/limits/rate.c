/* Token buckets per API key in a fixed table: memory stays bounded whatever keys arrive. */
#include "kpid/limits/rate.h"

#include <pthread.h>
#include <stdlib.h>

#define SLOTS 4096 /* a power of two */
#define PROBE 8

struct bucket {
    uint64_t key; /* 0 = free */
    double tokens;
    double rate; /* tokens per second; the burst (capacity) is one second's worth */
    uint64_t at_ns;
};

static struct bucket table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

uint64_t kpid_rate_key(const char *hash_hex)
{
    char head[17];
    for (int i = 0; i < 16; i++)
        head[i] = hash_hex[i];
    head[16] = '\0';
    uint64_t key = strtoull(head, NULL, 16);
    return key != 0 ? key : 1;
}

static void refill(struct bucket *b, uint64_t now_ns)
{
    if (now_ns > b->at_ns) {
        b->tokens += b->rate * (double)(now_ns - b->at_ns) / 1e9;
        if (b->tokens > b->rate)
            b->tokens = b->rate;
    }
    b->at_ns = now_ns;
}

/* The key's bucket, or NULL. */
static struct bucket *find(uint64_t key)
{
    for (unsigned i = 0; i < PROBE; i++) {
        struct bucket *b = &table[(key + i) & (SLOTS - 1)];
        if (b->key == key)
            return b;
    }
    return NULL;
}

bool kpid_rate_admit(uint64_t key, uint64_t now_ns, unsigned *retry_after_s)
{
    bool ok = true;
    pthread_mutex_lock(&lock);
    struct bucket *b = find(key);
    if (b != NULL) {
        refill(b, now_ns);
        if (b->tokens >= 1.0) {
            b->tokens -= 1.0;
        } else {
            ok = false;
            double wait = (1.0 - b->tokens) / b->rate;
            *retry_after_s = wait < 1.0 ? 1u : (unsigned)(wait + 0.999);
        }
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

void kpid_rate_note(uint64_t key, long per_second, uint64_t now_ns)
{
    pthread_mutex_lock(&lock);
    struct bucket *b = find(key);
    if (b == NULL) {
        /* a free slot, else the one refilled longest ago: a full bucket forgotten is the
         * same as a fresh one, and the probe window keeps this O(1) */
        struct bucket *victim = NULL;
        for (unsigned i = 0; i < PROBE; i++) {
            struct bucket *c = &table[(key + i) & (SLOTS - 1)];
            if (victim == NULL || c->key == 0 || (victim->key != 0 && c->at_ns < victim->at_ns))
                victim = c;
            if (c->key == 0)
                break;
        }
        b = victim;
        b->key = key;
        b->tokens = (double)per_second - 1.0; /* this request */
        b->at_ns = now_ns;
    }
    b->rate = (double)per_second;
    pthread_mutex_unlock(&lock);
}
