/* Unit tests of fetch-back's pure parts: the configured URL's checks, request URLs built only
 * from it and a digits-only id, and the retry schedule. */
#include "kpid/webhook/fetch_url.h"
#include "kpid/workers/fetch_schedule.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

START_TEST(fetch_urls_are_https_with_a_host_and_nothing_else)
{
    char why[128];
    ck_assert(kpid_fetch_url_valid("https://api.hubapi.com", false, why, sizeof why));
    ck_assert(
        kpid_fetch_url_valid("https://b24-x.bitrix24.ru/rest/1/abc123/", false, why, sizeof why));
    ck_assert(!kpid_fetch_url_valid("http://127.0.0.1:8080/", false, why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "https"));
    ck_assert(kpid_fetch_url_valid("http://127.0.0.1:8080/", true, why, sizeof why));
    static const char *const bad[] = {
        "ftp://crm.example/",       "file:///etc/passwd",
        "crm.example/api",          "https://u:p@crm.example/",
        "https://crm.example/?a=b", "https://crm.example/#x",
        "gopher://crm.example/",    "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!kpid_fetch_url_valid(bad[i], true, why, sizeof why), "%s taken", bad[i]);
}
END_TEST

START_TEST(request_urls_take_only_digits_from_the_delivery)
{
    char *url =
        kpid_fetch_url_build("https://b24.example/rest/1/abc/", "crm.lead.get?id={id}", "365");
    ck_assert_str_eq(url, "https://b24.example/rest/1/abc/crm.lead.get?id=365");
    free(url);
    url = kpid_fetch_url_build("https://api.hubapi.com", "crm/v3/objects/contacts/{id}?p=a", "51");
    ck_assert_str_eq(url, "https://api.hubapi.com/crm/v3/objects/contacts/51?p=a");
    free(url);
    url = kpid_fetch_url_build("https://x.amocrm.ru//", "api/v4/leads/{id}/{id}", "7");
    ck_assert_str_eq(url, "https://x.amocrm.ru/api/v4/leads/7/7");
    free(url);
    static const char *const bad[] = {"",      "../1",          "1/2",
                                      "1?x=2", "@evil.example", "1 2",
                                      "-1",    "1e5",           "12345678901234567890",
                                      "%2e%2e"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(!kpid_fetch_id_valid(bad[i]), "%s taken", bad[i]);
        ck_assert_ptr_null(kpid_fetch_url_build("https://crm.example", "x/{id}", bad[i]));
    }
    ck_assert(kpid_fetch_id_valid("1234567890123456789"));
    ck_assert(!kpid_fetch_id_valid(NULL));
}
END_TEST

START_TEST(the_delay_doubles_with_jitter_up_to_the_most_and_honours_retry_after)
{
    /* base 200 ms, at most 1 s: 200, 400, 800, 1000, ... times 0.5 (jitter 0) to 1 */
    ck_assert_uint_eq(kpid_fetch_delay_ms(200, 1000, 0, 0, 0.0), 100);
    ck_assert_uint_eq(kpid_fetch_delay_ms(200, 1000, 0, 0, 0.5), 150);
    ck_assert_uint_eq(kpid_fetch_delay_ms(200, 1000, 1, 0, 0.0), 200);
    ck_assert_uint_eq(kpid_fetch_delay_ms(200, 1000, 2, 0, 0.5), 600);
    ck_assert_uint_eq(kpid_fetch_delay_ms(200, 1000, 3, 0, 0.0), 500);
    ck_assert_uint_eq(kpid_fetch_delay_ms(200, 1000, 200, 0, 0.0), 500);
    ck_assert_uint_eq(kpid_fetch_delay_ms(5000, 600000, 2, 0, 0.5), 15000);
    /* Retry-After: 2 s is the least, a later backoff stays */
    ck_assert_uint_eq(kpid_fetch_delay_ms(200, 1000, 0, 2, 0.9), 2000);
    ck_assert_uint_eq(kpid_fetch_delay_ms(5000, 600000, 3, 2, 0.0), 20000);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("webhook_fetch");
    TCase *tc = tcase_create("fetch");
    tcase_add_test(tc, fetch_urls_are_https_with_a_host_and_nothing_else);
    tcase_add_test(tc, request_urls_take_only_digits_from_the_delivery);
    tcase_add_test(tc, the_delay_doubles_with_jitter_up_to_the_most_and_honours_retry_after);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
