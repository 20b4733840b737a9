/* Unit tests for the per-key token buckets: burst, refill, Retry-After, rate changes and the
 * bounded table. */
#include "kpi_check.h"
#include "kpid/limits/rate.h"

#define S 1000000000ull /* one second in nanoseconds */

/* Each test uses its own keys: under CK_FORK=no the table is shared by the tests. */

START_TEST(a_key_never_authenticated_has_no_bucket)
{
    unsigned retry = 0;
    for (int i = 0; i < 10000; i++)
        ck_assert(kpid_rate_admit(0x1001, 100 * S, &retry));
}
END_TEST

START_TEST(burst_of_one_second_then_the_rate)
{
    unsigned retry = 0;
    uint64_t t = 100 * S;
    kpid_rate_note(0x2002, 5, t); /* the request that created the bucket took 1 of 5 */
    for (int i = 0; i < 4; i++)
        ck_assert(kpid_rate_admit(0x2002, t, &retry));
    ck_assert(!kpid_rate_admit(0x2002, t, &retry));
    ck_assert_uint_eq(retry, 1);
    /* 5 per second: one token every 200 ms */
    ck_assert(!kpid_rate_admit(0x2002, t + S / 10, &retry));
    ck_assert(kpid_rate_admit(0x2002, t + S / 5, &retry));
    ck_assert(!kpid_rate_admit(0x2002, t + S / 5, &retry));
    /* an idle key gets back at most one second's worth */
    t += 60 * S;
    for (int i = 0; i < 5; i++)
        ck_assert(kpid_rate_admit(0x2002, t, &retry));
    ck_assert(!kpid_rate_admit(0x2002, t, &retry));
}
END_TEST

START_TEST(a_new_rate_applies_to_the_next_request)
{
    unsigned retry = 0;
    uint64_t t = 100 * S;
    kpid_rate_note(0x3003, 1000, t);
    kpid_rate_note(0x3003, 2, t); /* the operator lowered it */
    /* the 999 tokens left are capped at the new burst of 2 */
    ck_assert(kpid_rate_admit(0x3003, t + 1, &retry));
    ck_assert(kpid_rate_admit(0x3003, t + 1, &retry));
    ck_assert(!kpid_rate_admit(0x3003, t + 1, &retry));
}
END_TEST

START_TEST(retry_after_rounds_the_wait_up_to_whole_seconds)
{
    unsigned retry = 0;
    uint64_t t = 100 * S;
    kpid_rate_note(0x4004, 1, t);
    ck_assert(!kpid_rate_admit(0x4004, t, &retry));
    ck_assert_uint_eq(retry, 1);
    ck_assert(!kpid_rate_admit(0x4004, t + S / 2, &retry));
    ck_assert_uint_eq(retry, 1); /* half a second left: still 1, never 0 */
    ck_assert(kpid_rate_admit(0x4004, t + S, &retry));
}
END_TEST

START_TEST(a_full_probe_window_forgets_the_longest_idle_key)
{
    unsigned retry = 0;
    /* keys 4096 apart share a probe window of 8 slots */
    uint64_t base = 0x5005;
    for (uint64_t j = 0; j < 9; j++)
        kpid_rate_note(base + j * 4096, 1, (100 + j) * S);
    /* the first was forgotten: admitted without limit, like a key never seen */
    ck_assert(kpid_rate_admit(base, 200 * S, &retry));
    ck_assert(kpid_rate_admit(base, 200 * S, &retry));
    /* the last still has its bucket: one token after an idle while, then refused */
    ck_assert(kpid_rate_admit(base + 8 * 4096, 200 * S, &retry));
    ck_assert(!kpid_rate_admit(base + 8 * 4096, 200 * S, &retry));
}
END_TEST

START_TEST(keys_come_from_the_first_64_bits_of_the_hash)
{
    ck_assert_uint_eq(kpid_rate_key("00000000000000ab"
                                    "ffffffffffffffffffffffffffffffff"
                                    "ffffffffffffffff"),
                      0xab);
    /* 0 is the free slot's mark */
    ck_assert_uint_eq(kpid_rate_key("0000000000000000"
                                    "11111111111111111111111111111111"
                                    "1111111111111111"),
                      1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("limits_rate");
    TCase *tc = tcase_create("rate");
    tcase_add_test(tc, a_key_never_authenticated_has_no_bucket);
    tcase_add_test(tc, burst_of_one_second_then_the_rate);
    tcase_add_test(tc, a_new_rate_applies_to_the_next_request);
    tcase_add_test(tc, retry_after_rounds_the_wait_up_to_whole_seconds);
    tcase_add_test(tc, a_full_probe_window_forgets_the_longest_idle_key);
    tcase_add_test(tc, keys_come_from_the_first_64_bits_of_the_hash);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
