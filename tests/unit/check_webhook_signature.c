/* Unit tests for X-Signature parsing and HMAC-SHA256 verification of webhook deliveries. */
#include "kpi_check.h"
#include "kpid/webhook/signature.h"

#include <ctype.h>
#include <stdio.h>

/* HMAC-SHA256("secret", "1700000000.{\"a\":1}"), computed independently with
 * `printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret`. */
#define MAC "49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686"
#define ZERO "0000000000000000000000000000000000000000000000000000000000000000"
#define BODY "{\"a\":1}"

static bool parse(const char *header, struct kpid_signature *sig)
{
    return kpid_signature_parse(header, strlen(header), sig);
}

START_TEST(parses_t_and_v1)
{
    struct kpid_signature sig;
    ck_assert(parse("t=1700000000,v1=" MAC, &sig));
    ck_assert_str_eq(sig.t, "1700000000");
    ck_assert(sig.t_value == 1700000000);
    ck_assert_uint_eq(sig.n_v1, 1);
    char hex[65];
    kpid_signature_v1_hex(&sig, 0, hex);
    ck_assert_str_eq(hex, MAC);
}
END_TEST

START_TEST(several_v1_whitespace_order_and_other_schemes)
{
    struct kpid_signature sig;
    ck_assert(parse(" v1=" ZERO " ,\tt=1700000000 , v0=abc,v1=" MAC "\t", &sig));
    ck_assert_uint_eq(sig.n_v1, 2);
    ck_assert_int_eq(kpid_signature_match(&sig, "secret", 6, BODY, strlen(BODY)), 1);
    /* upper-case hex is the same MAC */
    char upper[96] = "t=1700000000,v1=" MAC;
    for (char *c = upper + strlen("t=1700000000,v1="); *c; c++)
        *c = (char)toupper((unsigned char)*c);
    ck_assert(parse(upper, &sig));
    ck_assert_int_eq(kpid_signature_match(&sig, "secret", 6, BODY, strlen(BODY)), 0);
}
END_TEST

START_TEST(malformed_headers_are_refused)
{
    static const char *const bad[] = {
        "",
        "t=1700000000",                      /* no v1 */
        "v1=" MAC,                           /* no t */
        "t=1700000000,t=1700000001,v1=" MAC, /* two t */
        "t=,v1=" MAC,                        /* empty t */
        "t=17000000x0,v1=" MAC,              /* not digits */
        "t=-1700000000,v1=" MAC,             /* sign */
        "t=12345678901234567890,v1=" MAC,    /* 20 digits */
        "t=1700000000,v1=" ZERO "0",         /* 65 hex */
        "t=1700000000,v1=abc",               /* short */
        "t=1700000000,v1=zz" ZERO,           /* not hex, and long */
        "t=1700000000,v1=" MAC ",",          /* trailing comma */
        "t=1700000000,,v1=" MAC,             /* empty item */
        "t=1700000000;v1=" MAC,              /* wrong separator */
        "t=1700000000,=x,v1=" MAC,           /* empty key */
        "t = 1700000000,v1=" MAC,            /* blanks inside an item */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct kpid_signature sig;
        ck_assert_msg(!parse(bad[i], &sig), "accepted: %s", bad[i]);
    }
}
END_TEST

START_TEST(overlong_header_is_refused)
{
    char header[KPID_SIGNATURE_HEADER_MAX + 80];
    snprintf(header, sizeof header, "t=1700000000,v1=%s", MAC);
    size_t n = strlen(header);
    while (n < KPID_SIGNATURE_HEADER_MAX + 1)
        header[n++] = ' ';
    struct kpid_signature sig;
    ck_assert(!kpid_signature_parse(header, n, &sig));
    ck_assert(kpid_signature_parse(header, KPID_SIGNATURE_HEADER_MAX, &sig));
}
END_TEST

START_TEST(extra_v1_values_past_the_limit_are_ignored)
{
    char header[600] = "t=1700000000";
    for (int i = 0; i < KPID_SIGNATURE_MAX_V1 + 2; i++)
        strcat(header, ",v1=" ZERO);
    struct kpid_signature sig;
    ck_assert(parse(header, &sig));
    ck_assert_uint_eq(sig.n_v1, KPID_SIGNATURE_MAX_V1);
}
END_TEST

START_TEST(match_needs_the_right_secret_body_and_t)
{
    struct kpid_signature sig;
    ck_assert(parse("t=1700000000,v1=" MAC, &sig));
    ck_assert_int_eq(kpid_signature_match(&sig, "secret", 6, BODY, strlen(BODY)), 0);
    ck_assert_int_eq(kpid_signature_match(&sig, "Secret", 6, BODY, strlen(BODY)), -1);
    ck_assert_int_eq(kpid_signature_match(&sig, "secret", 6, "{\"a\":2}", 7), -1);
    ck_assert_int_eq(kpid_signature_match(&sig, "secret", 6, BODY, strlen(BODY) - 1), -1);
    ck_assert(parse("t=1700000001,v1=" MAC, &sig));
    ck_assert_int_eq(kpid_signature_match(&sig, "secret", 6, BODY, strlen(BODY)), -1);
    /* the t digits are signed as sent: a leading zero changes the MAC */
    ck_assert(parse("t=01700000000,v1=" MAC, &sig));
    ck_assert_int_eq(kpid_signature_match(&sig, "secret", 6, BODY, strlen(BODY)), -1);
}
END_TEST

START_TEST(empty_body_is_signed_as_t_and_dot)
{
    /* printf '1700000000.' | openssl dgst -sha256 -hmac k */
    struct kpid_signature sig;
    ck_assert(parse("t=1700000000,v1="
                    "5c2999a43333a6877f49c8003f235c4f6de40f85b1b7414b70bd470a8db53d97",
                    &sig));
    ck_assert_int_eq(kpid_signature_match(&sig, "k", 1, "", 0), 0);
    ck_assert_int_eq(kpid_signature_match(&sig, "k", 1, " ", 1), -1);
}
END_TEST

START_TEST(freshness_window_is_300_seconds_each_way)
{
    struct kpid_signature sig;
    ck_assert(parse("t=1700000000,v1=" MAC, &sig));
    ck_assert(kpid_signature_fresh(&sig, 1700000000));
    ck_assert(kpid_signature_fresh(&sig, 1700000300));
    ck_assert(kpid_signature_fresh(&sig, 1699999700));
    ck_assert(!kpid_signature_fresh(&sig, 1700000301));
    ck_assert(!kpid_signature_fresh(&sig, 1699999699));
    ck_assert(parse("t=999999999999999999,v1=" MAC, &sig));
    ck_assert(!kpid_signature_fresh(&sig, 1700000000));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("webhook_signature");
    TCase *tc = tcase_create("signature");
    tcase_add_test(tc, parses_t_and_v1);
    tcase_add_test(tc, several_v1_whitespace_order_and_other_schemes);
    tcase_add_test(tc, malformed_headers_are_refused);
    tcase_add_test(tc, overlong_header_is_refused);
    tcase_add_test(tc, extra_v1_values_past_the_limit_are_ignored);
    tcase_add_test(tc, match_needs_the_right_secret_body_and_t);
    tcase_add_test(tc, empty_body_is_signed_as_t_and_dot);
    tcase_add_test(tc, freshness_window_is_300_seconds_each_way);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
