/* Unit tests for RFC 6901 JSON pointers over webhook payloads. */
#include "kpi_check.h"
#include "kpid/webhook/pointer.h"

static json_t *doc;

static void setup(void)
{
    /* the example document of RFC 6901, section 5, plus nesting */
    doc = json_loads("{\"foo\":[\"bar\",\"baz\"],\"\":0,\"a/b\":1,\"c%d\":2,\"e^f\":3,\"g|h\":4,"
                     "\"i\\\\j\":5,\"k\\\"l\":6,\" \":7,\"m~n\":8,"
                     "\"lead\":{\"name\":\"Anna\",\"phones\":[{\"v\":\"+7 900\"}]}}",
                     0, NULL);
    ck_assert_ptr_nonnull(doc);
}

static void teardown(void)
{
    json_decref(doc);
}

static json_t *at(const char *ptr)
{
    return kpid_pointer_get(doc, ptr, strlen(ptr));
}

static json_int_t int_at(const char *ptr)
{
    json_t *v = at(ptr);
    ck_assert_msg(json_is_integer(v), "%s", ptr);
    return json_integer_value(v);
}

START_TEST(rfc_6901_examples)
{
    ck_assert_ptr_eq(at(""), doc);
    ck_assert_ptr_eq(at("/foo"), json_object_get(doc, "foo"));
    ck_assert_str_eq(json_string_value(at("/foo/0")), "bar");
    ck_assert_int_eq(int_at("/"), 0);
    ck_assert_int_eq(int_at("/a~1b"), 1);
    ck_assert_int_eq(int_at("/c%d"), 2);
    ck_assert_int_eq(int_at("/e^f"), 3);
    ck_assert_int_eq(int_at("/g|h"), 4);
    ck_assert_int_eq(int_at("/i\\j"), 5);
    ck_assert_int_eq(int_at("/k\"l"), 6);
    ck_assert_int_eq(int_at("/ "), 7);
    ck_assert_int_eq(int_at("/m~0n"), 8);
}
END_TEST

START_TEST(nested_members_and_indexes)
{
    ck_assert_str_eq(json_string_value(at("/lead/name")), "Anna");
    ck_assert_str_eq(json_string_value(at("/lead/phones/0/v")), "+7 900");
    ck_assert_ptr_null(at("/lead/phones/1/v"));
    ck_assert_ptr_null(at("/lead/surname"));
    ck_assert_ptr_null(at("/lead/name/x")); /* into a string */
}
END_TEST

START_TEST(bad_indexes_lead_nowhere)
{
    ck_assert_ptr_null(at("/foo/-"));
    ck_assert_ptr_null(at("/foo/01"));
    ck_assert_ptr_null(at("/foo/1x"));
    ck_assert_ptr_null(at("/foo/"));
    ck_assert_ptr_null(at("/foo/99999999999999999999"));
    ck_assert_str_eq(json_string_value(at("/foo/1")), "baz");
}
END_TEST

START_TEST(malformed_pointers)
{
    static const char *const bad[] = {"foo", "/m~n", "/m~", "/a~2b", "~0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(!kpid_pointer_valid(bad[i], strlen(bad[i])), "%s", bad[i]);
        ck_assert_ptr_null(at(bad[i]));
    }
    ck_assert(kpid_pointer_valid("", 0));
    ck_assert(kpid_pointer_valid("/a~0~1/~1", 9));
}
END_TEST

START_TEST(length_bounds_the_pointer)
{
    /* "/lead/namex" read as its first 10 bytes is "/lead/name" */
    ck_assert_str_eq(json_string_value(kpid_pointer_get(doc, "/lead/namex", 10)), "Anna");
    /* a '~' cut off from its digit is malformed */
    ck_assert_ptr_null(kpid_pointer_get(doc, "/m~0n", 3));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("webhook_pointer");
    TCase *tc = tcase_create("pointer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rfc_6901_examples);
    tcase_add_test(tc, nested_members_and_indexes);
    tcase_add_test(tc, bad_indexes_lead_nowhere);
    tcase_add_test(tc, malformed_pointers);
    tcase_add_test(tc, length_bounds_the_pointer);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
