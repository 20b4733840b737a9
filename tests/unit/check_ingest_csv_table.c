/* Unit tests for the CSV upload reader: separators, quotes, line ends, BOM, blank lines, the
 * record limit, and spreadsheet numbers. */
#include "kpi_check.h"
#include "kpid/ingest/csv_table.h"

static enum kpid_csv_status parse(const char *text, size_t max, struct kpid_csv_table *t,
                                  size_t *bad_line)
{
    return kpid_csv_table_parse(text, strlen(text), max, t, bad_line);
}

START_TEST(comma_quotes_and_crlf)
{
    struct kpid_csv_table t;
    size_t bad;
    ck_assert_int_eq(parse("a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\"multi\nline\",2,3", 10, &t, &bad),
                     KPID_CSV_OK);
    ck_assert_int_eq(t.separator, ',');
    ck_assert_uint_eq(t.n, 3);
    ck_assert_uint_eq(t.records[1].n, 3);
    ck_assert_str_eq(t.records[1].fields[1], "x, \"y\"");
    ck_assert_str_eq(t.records[1].fields[2], "");
    ck_assert_uint_eq(t.records[1].line, 2);
    ck_assert_str_eq(t.records[2].fields[0], "multi\nline");
    ck_assert_uint_eq(t.records[2].line, 3);
    kpid_csv_table_free(&t);
}
END_TEST

START_TEST(semicolon_bom_and_blank_lines)
{
    struct kpid_csv_table t;
    size_t bad;
    ck_assert_int_eq(parse("\xEF\xBB\xBF"
                           "date;spend;\"a,b\"\n\n01.04.2025;1,5;\"\"\n\n",
                           10, &t, &bad),
                     KPID_CSV_OK);
    ck_assert_int_eq(t.separator, ';');
    ck_assert_uint_eq(t.n, 2);
    ck_assert_str_eq(t.records[0].fields[0], "date");
    ck_assert_str_eq(t.records[0].fields[2], "a,b");
    ck_assert_str_eq(t.records[1].fields[1], "1,5");
    ck_assert_str_eq(t.records[1].fields[2], "");
    ck_assert_uint_eq(t.records[1].line, 3);
    kpid_csv_table_free(&t);
}
END_TEST

START_TEST(bad_quotes_and_too_many_records)
{
    struct kpid_csv_table t;
    size_t bad;
    ck_assert_int_eq(parse("a,b\n1,\"open\n2,3\n", 10, &t, &bad), KPID_CSV_BAD_QUOTE);
    ck_assert_uint_eq(bad, 2);
    kpid_csv_table_free(&t);
    ck_assert_int_eq(parse("a,b\n\"x\"y,1\n", 10, &t, &bad), KPID_CSV_BAD_QUOTE);
    ck_assert_uint_eq(bad, 2);
    kpid_csv_table_free(&t);
    ck_assert_int_eq(parse("a\n1\n2\n3\n", 3, &t, &bad), KPID_CSV_TOO_MANY);
    kpid_csv_table_free(&t);
    ck_assert_int_eq(parse("a\n1\n2\n3", 3, &t, &bad), KPID_CSV_TOO_MANY);
    kpid_csv_table_free(&t);
    ck_assert_int_eq(parse("a\n1\n2\n", 3, &t, &bad), KPID_CSV_OK);
    ck_assert_uint_eq(t.n, 3);
    kpid_csv_table_free(&t);
}
END_TEST

static void assert_decimal(const char *cell, const char *want)
{
    char out[32];
    bool ok = kpid_csv_decimal(cell, out, sizeof out);
    if (want == NULL) {
        ck_assert_msg(!ok, "%s: accepted as %s", cell, out);
        return;
    }
    ck_assert_msg(ok, "%s: refused", cell);
    ck_assert_str_eq(out, want);
}

START_TEST(spreadsheet_numbers)
{
    assert_decimal("150.75", "150.75");
    assert_decimal("1 234,50", "1234.50");
    assert_decimal("1\xC2\xA0"
                   "234,5",
                   "1234.5");
    assert_decimal("12\xE2\x80\xAF"
                   "500",
                   "12500");
    assert_decimal("7", "7");
    assert_decimal("", NULL);
    assert_decimal("ten", NULL);
    assert_decimal("-3", NULL);
    assert_decimal("1.234,5", NULL);
    assert_decimal(",5", NULL);
    assert_decimal("5.", NULL);
    assert_decimal("12345678901234567890123456789012345", NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest_csv_table");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, comma_quotes_and_crlf);
    tcase_add_test(tc, semicolon_bom_and_blank_lines);
    tcase_add_test(tc, bad_quotes_and_too_many_records);
    tcase_add_test(tc, spreadsheet_numbers);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
