/* Unit tests for spotting control characters in a raw request target's path. */
#include "kpi_check.h"
#include "kpid/http/request_internal.h"

START_TEST(plain_and_encoded_printable_paths_pass)
{
    ck_assert(!kpid_request_target_has_control("/v1/periods/2025-03/targets/cpl1"));
    ck_assert(!kpid_request_target_has_control("/v1/sources/a%20b"));  /* space */
    ck_assert(!kpid_request_target_has_control("/v1/sources/%2500"));  /* "%00" literally */
    ck_assert(!kpid_request_target_has_control("/v1/sources/%c3%a9")); /* UTF-8 e-acute */
    ck_assert(!kpid_request_target_has_control("/v1/sources/100%"));   /* a lone '%' */
    ck_assert(!kpid_request_target_has_control("/v1/sources/%0"));     /* cut escape */
    ck_assert(!kpid_request_target_has_control("/v1/sources/%g0"));    /* not hex */
    ck_assert(!kpid_request_target_has_control(""));
}
END_TEST

START_TEST(encoded_control_characters_are_found)
{
    ck_assert(kpid_request_target_has_control("/v1/periods/2025-03%00/targets/cpl1"));
    ck_assert(kpid_request_target_has_control("/v1/periods/2025-01%00/results"));
    ck_assert(kpid_request_target_has_control("/a%0a"));
    ck_assert(kpid_request_target_has_control("/a%0D"));
    ck_assert(kpid_request_target_has_control("/a%1f"));
    ck_assert(kpid_request_target_has_control("/a%7F"));
    ck_assert(kpid_request_target_has_control("%00"));
}
END_TEST

START_TEST(raw_control_characters_are_found)
{
    ck_assert(kpid_request_target_has_control("/a\tb"));
    ck_assert(kpid_request_target_has_control("/a\x7f"));
    ck_assert(kpid_request_target_has_control("/a\x01"));
}
END_TEST

START_TEST(query_and_fragment_are_not_the_path)
{
    ck_assert(!kpid_request_target_has_control("/healthz?probe=%00"));
    ck_assert(!kpid_request_target_has_control("/healthz?a=%0a&b=%7f"));
    ck_assert(!kpid_request_target_has_control("/healthz#%00"));
    ck_assert(kpid_request_target_has_control("/a%00?b=c"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("http_target");
    TCase *tc = tcase_create("target");
    tcase_add_test(tc, plain_and_encoded_printable_paths_pass);
    tcase_add_test(tc, encoded_control_characters_are_found);
    tcase_add_test(tc, raw_control_characters_are_found);
    tcase_add_test(tc, query_and_fragment_are_not_the_path);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
