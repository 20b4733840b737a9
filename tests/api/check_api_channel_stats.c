/* API tests of daily channel records: JSON writes merging on (channel, date, campaign), free
 * counters, the batch, the list with its filters and CSV, /v1/spend on the same records, and
 * CSV uploads in the shapes ad platforms and Excel export. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The record of (channel, date) as "spend|impressions|clicks|sessions|followers|counters"
 * from the database (free it); NULL when there is none. */
static char *stored(const char *key_channel, const char *date)
{
    return api_sql_value("SELECT concat_ws('|', coalesce(spend::text, '-'), "
                         "coalesce(impressions::text, '-'), coalesce(clicks::text, '-'), "
                         "coalesce(sessions::text, '-'), coalesce(followers::text, '-'), "
                         "counters::text) FROM channel_stats "
                         "WHERE channel = $1 AND date = $2::date AND campaign = ''",
                         key_channel, date, NULL);
}

static void assert_stored(const char *channel, const char *date, const char *expected)
{
    char *got = stored(channel, date);
    ck_assert_msg(got != NULL && strcmp(got, expected) == 0, "%s %s: %s, expected %s", channel,
                  date, got ? got : "(none)", expected);
    free(got);
}

static long records_of(const char *channel)
{
    char *n = api_sql_value("SELECT count(*) FROM channel_stats WHERE channel = $1", channel, NULL);
    long v = strtol(n, NULL, 10);
    free(n);
    return v;
}

static struct api_response *post_csv(const char *csv)
{
    return api_request("POST", "/v1/channel-stats", api_admin_key(), "text/csv; charset=utf-8",
                       csv);
}

START_TEST(a_write_merges_the_counters_it_names)
{
    struct api_response *a = api_post_json(
        "/v1/channel-stats", api_admin_key(),
        "{\"channel\":\"cs_merge\",\"date\":\"2025-05-01\",\"impressions\":1000,\"clicks\":20,"
        "\"spend\":150.5,\"counters\":{\"calls\":3}}");
    api_assert_status(a, 201);
    const char *id = api_json_string(a, "/id");
    ck_assert_pstr_eq(api_json_string(a, "/campaign"), "");
    ck_assert(json_is_null(api_json_at(a, "/sessions")));
    ck_assert_int_eq(json_integer_value(api_json_at(a, "/counters/calls")), 3);
    /* site analytics for the same day: sessions added, clicks replaced, the rest kept */
    struct api_response *b = api_post_json(
        "/v1/channel-stats", api_admin_key(),
        "{\"channel\":\"cs_merge\",\"date\":\"2025-05-01\",\"sessions\":400,\"clicks\":25,"
        "\"counters\":{\"chats\":2}}");
    api_assert_status(b, 200);
    ck_assert_pstr_eq(api_json_string(b, "/id"), id);
    ck_assert_int_eq(json_integer_value(api_json_at(b, "/impressions")), 1000);
    ck_assert_int_eq(json_integer_value(api_json_at(b, "/clicks")), 25);
    ck_assert_int_eq(json_integer_value(api_json_at(b, "/sessions")), 400);
    assert_stored("cs_merge", "2025-05-01", "150.50|1000|25|400|-|{\"calls\": 3, \"chats\": 2}");
    /* /v1/spend writes the same record's spend and keeps its counters */
    struct api_response *c =
        api_post_json("/v1/spend", api_admin_key(),
                      "{\"channel\":\"cs_merge\",\"date\":\"2025-05-01\",\"amount\":99}");
    api_assert_status(c, 200);
    ck_assert_pstr_eq(api_json_string(c, "/id"), id);
    assert_stored("cs_merge", "2025-05-01", "99.00|1000|25|400|-|{\"calls\": 3, \"chats\": 2}");
    ck_assert_int_eq(records_of("cs_merge"), 1);
    /* a write of values already stored changes nothing, updated_at included */
    char *before =
        api_sql_value("SELECT updated_at::text FROM channel_stats WHERE id = $1::uuid", id, NULL);
    struct api_response *d = api_post_json(
        "/v1/channel-stats", api_admin_key(),
        "{\"channel\":\"cs_merge\",\"date\":\"2025-05-01\",\"clicks\":25,\"spend\":99.0,"
        "\"counters\":{\"chats\":2}}");
    api_assert_status(d, 200);
    char *after =
        api_sql_value("SELECT updated_at::text FROM channel_stats WHERE id = $1::uuid", id, NULL);
    ck_assert_str_eq(after, before);
    free(after);
    api_response_free(d);
    d = api_post_json("/v1/channel-stats", api_admin_key(),
                      "{\"channel\":\"cs_merge\",\"date\":\"2025-05-01\",\"clicks\":26}");
    after =
        api_sql_value("SELECT updated_at::text FROM channel_stats WHERE id = $1::uuid", id, NULL);
    ck_assert_str_ne(after, before);
    free(after);
    free(before);
    api_response_free(d);
    api_response_free(a);
    api_response_free(b);
    api_response_free(c);
}
END_TEST

START_TEST(invalid_records_are_422)
{
    static const struct {
        const char *body, *field;
    } cases[] = {
        {"{\"channel\":\"cs_bad\",\"date\":\"2025-05-01\",\"clicks\":-1}", "/clicks"},
        {"{\"channel\":\"cs_bad\",\"date\":\"2025-05-01\",\"clicks\":1.5}", "/clicks"},
        {"{\"channel\":\"cs_bad\",\"date\":\"2025-05-01\",\"spend\":1.001}", "/spend"},
        {"{\"channel\":\"cs_bad\",\"date\":\"2025-05-01\",\"counters\":{\"calls\":-2}}",
         "/counters/calls"},
        {"{\"channel\":\"cs_bad\",\"date\":\"2025-05-01\",\"counters\":{\"calls\":\"2\"}}",
         "/counters/calls"},
        {"{\"channel\":\"cs_bad\",\"date\":\"2025-05-01\",\"counters\":{\"a/b\":2}}", "/counters"},
        {"{\"channel\":\"cs_bad\",\"date\":\"2025-05-01\",\"visits\":2}", "/visits"},
        {"{\"channel\":\"cs_bad\",\"clicks\":2}", "/date"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct api_response *r = api_post_json("/v1/channel-stats", api_admin_key(), cases[i].body);
        api_assert_problem(r, 422);
        const char *field = api_json_string(r, "/errors/0/field");
        ck_assert_msg(field != NULL && strcmp(field, cases[i].field) == 0,
                      "%s: expected an error at %s: %s", cases[i].body, cases[i].field, r->body);
        api_response_free(r);
    }
    ck_assert_int_eq(records_of("cs_bad"), 0);
}
END_TEST

START_TEST(batch_reports_each_item)
{
    struct api_response *r = api_post_json(
        "/v1/channel-stats/batch", api_admin_key(),
        "{\"items\":[{\"channel\":\"cs_batch\",\"date\":\"2025-05-02\",\"impressions\":10},"
        "{\"channel\":\"cs_batch\",\"date\":\"2025-05-02\",\"clicks\":-5},"
        "{\"channel\":\"cs_batch\",\"date\":\"2025-05-02\",\"clicks\":4}]}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/status"), "created");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/status"), "error");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/errors/0/field"), "/items/1/clicks");
    ck_assert_pstr_eq(api_json_string(r, "/items/2/status"), "updated");
    ck_assert_pstr_eq(api_json_string(r, "/items/2/id"), api_json_string(r, "/items/0/id"));
    assert_stored("cs_batch", "2025-05-02", "-|10|4|-|-|{}");
    api_response_free(r);
}
END_TEST

START_TEST(list_filters_pages_and_answers_csv)
{
    char *key = api_new_workspace_key("cs-list", "admin");
    const char *records[] = {
        "{\"channel\":\"vk\",\"date\":\"2025-05-01\",\"followers\":100}",
        "{\"channel\":\"vk\",\"date\":\"2025-05-02\",\"followers\":110,\"counters\":{\"calls\":1}}",
        "{\"channel\":\"ads\",\"date\":\"2025-05-02\",\"campaign\":\"brand\",\"clicks\":7}",
        "{\"channel\":\"ads\",\"date\":\"2025-05-03\",\"spend\":5}",
    };
    for (size_t i = 0; i < sizeof records / sizeof records[0]; i++) {
        struct api_response *r = api_post_json("/v1/channel-stats", key, records[i]);
        api_assert_status(r, 201);
        api_response_free(r);
    }
    struct api_response *r = api_get("/v1/channel-stats?channel=vk&limit=1", key);
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 1);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/date"), "2025-05-01");
    char path[256];
    snprintf(path, sizeof path, "/v1/channel-stats?channel=vk&limit=1&cursor=%s",
             api_json_string(r, "/next_cursor"));
    api_response_free(r);
    r = api_get(path, key);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/date"), "2025-05-02");
    ck_assert(json_is_null(api_json_at(r, "/next_cursor")));
    api_response_free(r);
    r = api_get("/v1/channel-stats?campaign=brand", key);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 1);
    api_response_free(r);
    r = api_get("/v1/channel-stats?from=2025-05-02&to=2025-05-02", key);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 2);
    api_response_free(r);
    /* only the record with a spend is a spend entry */
    r = api_get("/v1/spend", key);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 1);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/0/amount")), 5);
    api_response_free(r);
    r = api_get("/v1/channel-stats?channel=vk&format=csv", key);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "text/csv"));
    ck_assert_msg(strncmp(r->body, "id,channel,date,campaign,spend,impressions,", 43) == 0, "%s",
                  r->body);
    ck_assert_ptr_nonnull(strstr(r->body, "counters_calls"));
    ck_assert_ptr_nonnull(strstr(r->body, ",vk,2025-05-02,,,"));
    /* the listed CSV uploads back as it is: read-only columns ignored, counters_calls is
     * the free counter calls; nothing changes */
    struct api_response *back = api_request("POST", "/v1/channel-stats", key, "text/csv", r->body);
    api_assert_status(back, 200);
    ck_assert_int_eq(json_integer_value(api_json_at(back, "/updated")), 2);
    api_response_free(back);
    api_response_free(r);
    r = api_get("/v1/channel-stats?channel=vk", key);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/1/followers")), 110);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/1/counters/calls")), 1);
    ck_assert_uint_eq(json_object_size(api_json_at(r, "/items/1/counters")), 1);
    api_response_free(r);
    r = api_get("/v1/channel-stats?from=2025-13-01", key);
    api_assert_problem(r, 422);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(csv_comma_and_point)
{
    /* Google Ads' shape: comma separated, decimal point, a quoted field with a comma */
    struct api_response *r = post_csv("date,channel,campaign,impressions,clicks,spend\n"
                                      "2025-04-01,csv_a,,1000,25,150.75\n"
                                      "2025-04-02,csv_a,\"spring, sale\",2000,40,300\n");
    api_assert_status(r, 200);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/rows")), 2);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/created")), 2);
    api_response_free(r);
    assert_stored("csv_a", "2025-04-01", "150.75|1000|25|-|-|{}");
    char *other = api_sql_value("SELECT concat_ws('|', spend, impressions, clicks) FROM "
                                "channel_stats WHERE channel = 'csv_a' AND campaign = $1",
                                "spring, sale", NULL);
    ck_assert_pstr_eq(other, "300.00|2000|40");
    free(other);
}
END_TEST

START_TEST(csv_semicolon_decimal_comma_bom_crlf)
{
    /* Excel and Yandex Direct in a Russian locale: a BOM, `;`, decimal commas with grouped
     * thousands, DD.MM.YYYY dates, CRLF line ends, header names in any case */
    struct api_response *r = post_csv("\xEF\xBB\xBF"
                                      "Date;Channel;Impressions;Clicks;Spend\r\n"
                                      "01.04.2025;csv_b;12 500;310;1 234,50\r\n"
                                      "02.04.2025;csv_b;800;9;0,5\r\n");
    api_assert_status(r, 200);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/rows")), 2);
    api_response_free(r);
    assert_stored("csv_b", "2025-04-01", "1234.50|12500|310|-|-|{}");
    assert_stored("csv_b", "2025-04-02", "0.50|800|9|-|-|{}");
}
END_TEST

START_TEST(csv_extra_column_is_a_free_counter)
{
    struct api_response *r = post_csv("date,channel,sessions,followers,Calls\n"
                                      "2025-04-03,csv_c,500,1200,7\n");
    api_assert_status(r, 200);
    api_response_free(r);
    assert_stored("csv_c", "2025-04-03", "-|-|-|500|1200|{\"calls\": 7}");
    /* a second upload for the same day merges into the record */
    r = post_csv("date,channel,clicks\n2025-04-03,csv_c,12\n");
    api_assert_status(r, 200);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/updated")), 1);
    api_response_free(r);
    assert_stored("csv_c", "2025-04-03", "-|-|12|500|1200|{\"calls\": 7}");
}
END_TEST

START_TEST(csv_malformed_is_422_with_line_and_column)
{
    /* line 3, column 3 is not a number: nothing of the upload is stored, not even line 2 */
    struct api_response *r = post_csv("date,channel,clicks,spend\n"
                                      "2025-04-04,csv_d,10,1\n"
                                      "2025-04-05,csv_d,ten,2\n"
                                      "2025-02-30,csv_d,1,-3\n");
    api_assert_problem(r, 422);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/errors/0/line")), 3);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/errors/0/column")), 3);
    ck_assert_pstr_eq(api_json_string(r, "/errors/0/field"), "/clicks");
    /* line 4: the date (column 1) and the negative spend (column 4) */
    ck_assert_int_eq(json_array_size(api_json_at(r, "/errors")), 3);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/errors/1/line")), 4);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/errors/2/line")), 4);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/errors/1/column")) *
                         json_integer_value(api_json_at(r, "/errors/2/column")),
                     1 * 4);
    ck_assert_ptr_nonnull(strstr(api_json_string(r, "/detail"), "line 3, column 3"));
    api_response_free(r);
    ck_assert_int_eq(records_of("csv_d"), 0);

    /* an unclosed quote, a header without channel, a header only */
    r = post_csv("date,channel,clicks\n2025-04-04,\"csv_d,1\n");
    api_assert_problem(r, 422);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/errors/0/line")), 2);
    api_response_free(r);
    r = post_csv("date,clicks\n2025-04-04,1\n");
    api_assert_problem(r, 422);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/errors/0/line")), 1);
    api_response_free(r);
    r = post_csv("date,channel\n");
    api_assert_problem(r, 422);
    api_response_free(r);
    ck_assert_int_eq(records_of("csv_d"), 0);
}
END_TEST

START_TEST(csv_upload_of_ten_thousand_rows_over_a_mib)
{
    /* 10,000 rows of about 130 bytes: over the 1 MiB body limit of other routes, within the
     * 16 MiB of uploads; one more row is refused whole */
    enum { ROWS = 10000, ROW = 160 };
    char *csv = malloc((size_t)(ROWS + 2) * ROW);
    ck_assert_ptr_nonnull(csv);
    size_t len = (size_t)sprintf(csv, "date,channel,campaign,impressions,clicks,note\r\n");
    for (int i = 0; i < ROWS; i++)
        len += (size_t)sprintf(csv + len,
                               "2025-06-%02d,csv_big,c%04d,%d,%d,an export line padded to make the "
                               "upload larger than one mebibyte of text all in all\r\n",
                               1 + i % 30, i / 30, i, i % 7);
    ck_assert_uint_gt(len, 1u << 20);
    struct api_response *r = post_csv(csv);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/created")), ROWS);
    api_response_free(r);
    /* 0 + 1 + ... + 9999 impressions */
    char *sum = api_sql_value("SELECT sum(impressions) FROM channel_stats WHERE channel = $1",
                              "csv_big", NULL);
    ck_assert_pstr_eq(sum, "49995000");
    free(sum);
    sprintf(csv + len, "2025-07-01,csv_big_more,x,1,1,one too many\r\n");
    r = post_csv(csv);
    api_assert_problem(r, 422);
    api_response_free(r);
    ck_assert_int_eq(records_of("csv_big_more"), 0);
    free(csv);
}
END_TEST

Suite *api_channel_stats_suite(void)
{
    Suite *s = suite_create("api_channel_stats");
    TCase *tc = tcase_create("channel_stats");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, a_write_merges_the_counters_it_names);
    tcase_add_test(tc, invalid_records_are_422);
    tcase_add_test(tc, batch_reports_each_item);
    tcase_add_test(tc, list_filters_pages_and_answers_csv);
    tcase_add_test(tc, csv_comma_and_point);
    tcase_add_test(tc, csv_semicolon_decimal_comma_bom_crlf);
    tcase_add_test(tc, csv_extra_column_is_a_free_counter);
    tcase_add_test(tc, csv_malformed_is_422_with_line_and_column);
    tcase_add_test(tc, csv_upload_of_ten_thousand_rows_over_a_mib);
    suite_add_tcase(s, tc);
    return s;
}
