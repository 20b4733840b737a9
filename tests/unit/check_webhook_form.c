/* Unit tests for the webhook form-body decoder and bracketed form keys. */
#include "kpi_check.h"
#include "kpid/webhook/form.h"

/* Parses text (as its strlen bytes) and asserts the status. */
static enum kpid_form_status parse(const char *text, size_t max, struct kpid_form *out)
{
    return kpid_form_parse(text, strlen(text), max, out);
}

START_TEST(pairs_in_order_with_decoding)
{
    struct kpid_form f;
    ck_assert_int_eq(parse("a=1&b=x+y&c=%D0%9F%d1%80&d%5B0%5D=%25&e", 10, &f), KPID_FORM_OK);
    ck_assert_uint_eq(f.n, 5);
    ck_assert_str_eq(f.pairs[0].key, "a");
    ck_assert_str_eq(f.pairs[0].value, "1");
    ck_assert_str_eq(f.pairs[1].value, "x y");
    ck_assert_str_eq(f.pairs[2].value, "\xD0\x9F\xD1\x80"); /* "Пр" */
    ck_assert_str_eq(f.pairs[3].key, "d[0]");
    ck_assert_str_eq(f.pairs[3].value, "%");
    ck_assert_str_eq(f.pairs[4].key, "e");
    ck_assert_str_eq(f.pairs[4].value, "");
    kpid_form_free(&f);
}
END_TEST

START_TEST(empty_fields_and_repeated_keys)
{
    struct kpid_form f;
    ck_assert_int_eq(parse("&&a=1&&a=2&=v&", 10, &f), KPID_FORM_OK);
    ck_assert_uint_eq(f.n, 3);
    ck_assert_str_eq(kpid_form_get(&f, "a"), "1"); /* the first one wins */
    ck_assert_str_eq(f.pairs[1].value, "2");
    ck_assert_str_eq(f.pairs[2].key, "");
    ck_assert_str_eq(f.pairs[2].value, "v");
    ck_assert_ptr_null(kpid_form_get(&f, "b"));
    kpid_form_free(&f);

    ck_assert_int_eq(parse("", 10, &f), KPID_FORM_OK);
    ck_assert_uint_eq(f.n, 0);
    kpid_form_free(&f);
}
END_TEST

/* Regression (found by fuzzing): bare keys need more room than the body they come from. */
START_TEST(many_bare_keys_fit)
{
    struct kpid_form f;
    ck_assert_int_eq(parse("\x01" "a&b&c&d&e&f", 10, &f), KPID_FORM_OK);
    ck_assert_uint_eq(f.n, 6);
    ck_assert_str_eq(f.pairs[0].key, "\x01" "a");
    ck_assert_str_eq(f.pairs[5].key, "f");
    ck_assert_str_eq(f.pairs[5].value, "");
    kpid_form_free(&f);
}
END_TEST

START_TEST(value_keeps_later_equals_signs)
{
    struct kpid_form f;
    ck_assert_int_eq(parse("k=a=b%3Dc", 10, &f), KPID_FORM_OK);
    ck_assert_str_eq(kpid_form_get(&f, "k"), "a=b=c");
    kpid_form_free(&f);
}
END_TEST

START_TEST(field_cap)
{
    struct kpid_form f;
    ck_assert_int_eq(parse("a=1&b=2&c=3", 3, &f), KPID_FORM_OK);
    kpid_form_free(&f);
    ck_assert_int_eq(parse("a=1&b=2&c=3&d=4", 3, &f), KPID_FORM_TOO_MANY);
    ck_assert_ptr_null(f.pairs);
    ck_assert_uint_eq(f.n, 0);
    /* empty fields do not count */
    ck_assert_int_eq(parse("a=1&&&&b=2&&&c=3&&", 3, &f), KPID_FORM_OK);
    kpid_form_free(&f);
}
END_TEST

START_TEST(bad_escapes_are_refused)
{
    static const char *const bad[] = {"a=%", "a=%4", "a=%zz", "a=%4g", "%=1", "a=1&b=%%41"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct kpid_form f;
        ck_assert_msg(parse(bad[i], 10, &f) == KPID_FORM_BAD_ESCAPE, "%s", bad[i]);
        ck_assert_ptr_null(f.text);
    }
}
END_TEST

START_TEST(text_must_be_utf8_without_nul)
{
    static const char *const bad[] = {"a=%00",
                                      "a%00=1",
                                      "a=%FF",
                                      "a=%C0%AF" /* overlong "/" */,
                                      "a=%ED%A0%80" /* surrogate */,
                                      "a=%F4%90%80%80" /* past U+10FFFF */,
                                      "a=%E2%82",
                                      "a=\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct kpid_form f;
        ck_assert_msg(parse(bad[i], 10, &f) == KPID_FORM_BAD_TEXT, "%s", bad[i]);
    }
    struct kpid_form f;
    ck_assert_int_eq(parse("a=%F0%9F%98%80&b=%E2%82%AC", 10, &f), KPID_FORM_OK);
    ck_assert_str_eq(kpid_form_get(&f, "a"), "\xF0\x9F\x98\x80");
    kpid_form_free(&f);
}
END_TEST

START_TEST(bytes_after_the_length_are_not_read)
{
    /* a body is (pointer, length) without a NUL: read exactly len bytes */
    char body[] = {'a', '=', '%', '4', '1', '&', 'b', '=', '2'};
    struct kpid_form f;
    ck_assert_int_eq(kpid_form_parse(body, 5, 10, &f), KPID_FORM_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_str_eq(f.pairs[0].value, "A");
    kpid_form_free(&f);
    ck_assert_int_eq(kpid_form_parse(body, 4, 10, &f), KPID_FORM_BAD_ESCAPE);
}
END_TEST

START_TEST(status_texts)
{
    ck_assert_ptr_nonnull(strstr(kpid_form_status_text(KPID_FORM_TOO_MANY), "too many"));
    ck_assert_ptr_nonnull(strstr(kpid_form_status_text(KPID_FORM_BAD_TEXT), "UTF-8"));
    ck_assert_ptr_nonnull(strstr(kpid_form_status_text(KPID_FORM_BAD_ESCAPE), "hex"));
}
END_TEST

static bool key_valid(const char *k)
{
    return kpid_form_key_valid(k, strlen(k));
}

START_TEST(bracketed_keys)
{
    ck_assert(key_valid("name"));
    ck_assert(key_valid("leads[add][0][name]"));
    ck_assert(key_valid("a[]"));
    ck_assert(key_valid("data[FIELDS][TITLE]"));
    ck_assert(key_valid("leads[*][*]"));
    ck_assert(!key_valid(""));
    ck_assert(!key_valid("[a]"));
    ck_assert(!key_valid("a]"));
    ck_assert(!key_valid("a[b"));
    ck_assert(!key_valid("a[b]c"));
    ck_assert(!key_valid("a[b[c]]"));
    ck_assert(!key_valid("a[b]]"));
}
END_TEST

static size_t prefix(const char *key, const char *pattern)
{
    return kpid_form_key_prefix(key, strlen(key), pattern, strlen(pattern));
}

START_TEST(key_prefixes_match_patterns)
{
    ck_assert_uint_eq(prefix("leads[add][0][name]", "leads[*][*]"), strlen("leads[add][0]"));
    ck_assert_uint_eq(prefix("leads[update][12][custom_fields][0][id]", "leads[*][*]"),
                      strlen("leads[update][12]"));
    ck_assert_uint_eq(prefix("leads[add][0][name]", "leads[add][*]"), strlen("leads[add][0]"));
    ck_assert_uint_eq(prefix("leads[add][0]", "leads[add][*]"), strlen("leads[add][0]"));
    ck_assert_uint_eq(prefix("leads[add][0][name]", "leads"), strlen("leads"));
    ck_assert_uint_eq(prefix("leads[status][0][id]", "leads[add][*]"), 0);
    ck_assert_uint_eq(prefix("leads[add]", "leads[add][*]"), 0);
    ck_assert_uint_eq(prefix("leadsx[add][0]", "leads[*][*]"), 0);
    ck_assert_uint_eq(prefix("contacts[add][0][name]", "leads[*][*]"), 0);
    ck_assert_uint_eq(prefix("leads[][0]", "leads[*][*]"), 0); /* "*" needs a segment */
    ck_assert_uint_eq(prefix("leads[add][0", "leads[*][*]"), 0);
    ck_assert_uint_eq(prefix("leads[add][0]", "leads[*"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("webhook_form");
    TCase *tc = tcase_create("form");
    tcase_add_test(tc, pairs_in_order_with_decoding);
    tcase_add_test(tc, empty_fields_and_repeated_keys);
    tcase_add_test(tc, value_keeps_later_equals_signs);
    tcase_add_test(tc, many_bare_keys_fit);
    tcase_add_test(tc, field_cap);
    tcase_add_test(tc, bad_escapes_are_refused);
    tcase_add_test(tc, text_must_be_utf8_without_nul);
    tcase_add_test(tc, bytes_after_the_length_are_not_read);
    tcase_add_test(tc, status_texts);
    tcase_add_test(tc, bracketed_keys);
    tcase_add_test(tc, key_prefixes_match_patterns);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
