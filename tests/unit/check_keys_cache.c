/* Unit tests for the API key cache: lifetime, revocation, lookups racing a revocation, and
 * keys sharing a slot. */
#include "kpi_check.h"
#include "kpid/keys/key_cache.h"

#include <stdio.h>
#include <string.h>

#define S 1000000000ull /* one second in nanoseconds */

/* A 64-digit hash whose slot is `slot` (the first 16 digits pick it) and whose tail is `tail`. */
static void hash_of(char out[65], unsigned slot, char tail)
{
    snprintf(out, 65, "%016x", slot);
    memset(out + 16, tail, 48);
    out[64] = '\0';
}

static struct kpid_auth auth_of(const char *key_id, const char *workspace_id, long rate)
{
    struct kpid_auth a = {.scopes = 3};
    snprintf(a.key_id, sizeof a.key_id, "%s", key_id);
    snprintf(a.workspace_id, sizeof a.workspace_id, "%s", workspace_id);
    a.limits.requests_per_second = rate;
    return a;
}

static void setup(void)
{
    kpid_key_cache_clear();
    kpid_key_cache_set_ttl_ms(2000);
}

START_TEST(an_entry_is_found_until_its_lifetime_ends)
{
    char h[65];
    hash_of(h, 7, 'a');
    struct kpid_auth got, a = auth_of("k-1", "w-1", 42);
    uint64_t gen;
    ck_assert(!kpid_key_cache_get(h, 10 * S, &got, &gen));
    kpid_key_cache_put(h, 10 * S, &a, gen);
    ck_assert(kpid_key_cache_get(h, 10 * S + 1, &got, &gen));
    ck_assert_str_eq(got.key_id, "k-1");
    ck_assert_str_eq(got.workspace_id, "w-1");
    ck_assert_uint_eq(got.scopes, 3);
    ck_assert_int_eq(got.limits.requests_per_second, 42);
    ck_assert(kpid_key_cache_get(h, 12 * S - 1, &got, &gen));
    ck_assert(!kpid_key_cache_get(h, 12 * S, &got, &gen)); /* 2 s after the put */
}
END_TEST

START_TEST(a_dropped_key_is_looked_up_again_and_others_stay)
{
    char h1[65], h2[65];
    hash_of(h1, 1, 'b');
    hash_of(h2, 2, 'c');
    struct kpid_auth got, a1 = auth_of("k-1", "w", 1), a2 = auth_of("k-2", "w", 1);
    uint64_t gen;
    kpid_key_cache_get(h1, S, &got, &gen);
    kpid_key_cache_put(h1, S, &a1, gen);
    kpid_key_cache_put(h2, S, &a2, gen);
    kpid_key_cache_drop_key("k-1");
    ck_assert(!kpid_key_cache_get(h1, S, &got, &gen));
    ck_assert(kpid_key_cache_get(h2, S, &got, &gen));
    ck_assert_str_eq(got.key_id, "k-2");
}
END_TEST

START_TEST(a_lookup_that_raced_a_revocation_is_not_kept)
{
    char h[65];
    hash_of(h, 3, 'd');
    struct kpid_auth got, a = auth_of("k-3", "w", 1);
    uint64_t gen;
    ck_assert(!kpid_key_cache_get(h, S, &got, &gen));
    /* the lookup read the key, then a revocation committed and dropped it, then the put */
    kpid_key_cache_drop_key("k-3");
    kpid_key_cache_put(h, S, &a, gen);
    ck_assert(!kpid_key_cache_get(h, S, &got, &gen));
}
END_TEST

START_TEST(keys_sharing_a_slot_replace_each_other)
{
    char h1[65], h2[65];
    hash_of(h1, 5, 'e');
    hash_of(h2, 5 + KPID_KEY_CACHE_SLOTS, 'f');
    struct kpid_auth got, a1 = auth_of("k-1", "w", 1), a2 = auth_of("k-2", "w", 1);
    uint64_t gen;
    kpid_key_cache_get(h1, S, &got, &gen);
    kpid_key_cache_put(h1, S, &a1, gen);
    kpid_key_cache_put(h2, S, &a2, gen);
    ck_assert(!kpid_key_cache_get(h1, S, &got, &gen));
    ck_assert(kpid_key_cache_get(h2, S, &got, &gen));
    ck_assert_str_eq(got.key_id, "k-2");
}
END_TEST

START_TEST(a_lifetime_of_zero_keeps_nothing)
{
    char h[65];
    hash_of(h, 9, 'a');
    struct kpid_auth got, a = auth_of("k-9", "w", 1);
    uint64_t gen;
    kpid_key_cache_set_ttl_ms(0);
    kpid_key_cache_get(h, S, &got, &gen);
    kpid_key_cache_put(h, S, &a, gen);
    ck_assert(!kpid_key_cache_get(h, S, &got, &gen));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("keys_cache");
    TCase *tc = tcase_create("keys_cache");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, an_entry_is_found_until_its_lifetime_ends);
    tcase_add_test(tc, a_dropped_key_is_looked_up_again_and_others_stay);
    tcase_add_test(tc, a_lookup_that_raced_a_revocation_is_not_kept);
    tcase_add_test(tc, keys_sharing_a_slot_replace_each_other);
    tcase_add_test(tc, a_lifetime_of_zero_keeps_nothing);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
