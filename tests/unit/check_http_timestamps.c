/* Unit tests for kpid's timestamp input check and its RFC 3339 output of PostgreSQL text. */
#include "kpi_check.h"
#include "kpid/json/fields.h"
#include "kpid/json/json_out.h"

START_TEST(years_past_9999_in_utc_are_refused)
{
    /* 23:59:59 at -14:00 is 13:59:59 on 10000-01-01 UTC */
    ck_assert(!kpid_is_timestamp("9999-12-31T23:59:59-14:00"));
    ck_assert(!kpid_is_timestamp("9999-12-31T10:00:00-14:00")); /* 10000-01-01T00:00Z */
    ck_assert(kpid_is_timestamp("9999-12-31T09:59:59-14:00"));  /* 23:59:59Z */
    ck_assert(!kpid_is_timestamp("9999-12-31T23:30:00-00:30")); /* 10000-01-01T00:00Z */
    ck_assert(kpid_is_timestamp("9999-12-31T23:29:59.999-00:30"));
    ck_assert(kpid_is_timestamp("9999-12-31T23:59:59Z"));
    ck_assert(kpid_is_timestamp("9999-12-31T23:59:59+14:00"));
    ck_assert(kpid_is_timestamp("9999-12-30T23:59:59-15:59")); /* 9999-12-31T15:58:59Z */
    ck_assert(!kpid_is_timestamp("10000-01-01T00:00:00Z"));
}
END_TEST

START_TEST(ordinary_timestamps_still_pass)
{
    ck_assert(kpid_is_timestamp("2025-01-15T10:00:00+03:00"));
    ck_assert(kpid_is_timestamp("1900-01-01T00:00:00+15:59"));
    ck_assert(!kpid_is_timestamp("2025-01-15T10:00:00"));
    ck_assert(!kpid_is_timestamp("2025-02-30T10:00:00Z"));
}
END_TEST

static void assert_output(const char *pg, const char *want)
{
    json_t *v = kpid_json_timestamp(pg);
    if (want == NULL)
        ck_assert_msg(json_is_null(v), "%s", pg);
    else
        ck_assert_pstr_eq(json_string_value(v), want);
    json_decref(v);
}

START_TEST(output_is_rfc_3339_or_null)
{
    assert_output("2025-01-15 07:00:00+00", "2025-01-15T07:00:00Z");
    assert_output("9999-12-31 23:59:59.5+00", "9999-12-31T23:59:59.5Z");
    /* rows stored before the input check: not representable, so not shown malformed */
    assert_output("10000-01-01 13:59:59+00", NULL);
    assert_output("0044-03-15 12:00:00+00 BC", NULL);
    assert_output(NULL, NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("http_timestamps");
    TCase *tc = tcase_create("timestamps");
    tcase_add_test(tc, years_past_9999_in_utc_are_refused);
    tcase_add_test(tc, ordinary_timestamps_still_pass);
    tcase_add_test(tc, output_is_rfc_3339_or_null);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
