/* API tests of marketing spend: create or update on (channel, date, campaign), batch, list
 * filters and paging, validation, scopes and workspace isolation. */
#include "client.h"

#include <stdio.h>
#include <string.h>

/* POSTs one spend entry; asserts the status and returns the response. */
static struct api_response *post_spend(const char *json, long status)
{
    struct api_response *r = api_post_json("/v1/spend", api_admin_key(), json);
    api_assert_status(r, status);
    return r;
}

/* The number of spend rows of the channel, counted in the database. */
static long spend_rows(const char *channel)
{
    char *n =
        api_sql_value("SELECT count(*) FROM channel_stats WHERE spend IS NOT NULL AND channel = $1",
                      channel, NULL);
    long v = strtol(n, NULL, 10);
    free(n);
    return v;
}

START_TEST(create_then_update_keeps_the_id)
{
    struct api_response *a = post_spend("{\"channel\":\"sp_upd\",\"date\":\"2025-01-15\","
                                        "\"amount\":1500.5,\"campaign\":\"brand\"}",
                                        201);
    const char *id = api_json_string(a, "/id");
    ck_assert_ptr_nonnull(id);
    ck_assert_pstr_eq(api_json_string(a, "/date"), "2025-01-15");
    ck_assert_pstr_eq(api_json_string(a, "/campaign"), "brand");
    ck_assert(json_real_value(api_json_at(a, "/amount")) == 1500.5);
    ck_assert(json_is_null(api_json_at(a, "/note")));

    struct api_response *b = post_spend("{\"channel\":\"sp_upd\",\"date\":\"2025-01-15\","
                                        "\"amount\":2000,\"campaign\":\"brand\",\"note\":\"fix\"}",
                                        200);
    ck_assert_pstr_eq(api_json_string(b, "/id"), id);
    ck_assert_int_eq(json_integer_value(api_json_at(b, "/amount")), 2000);
    ck_assert_pstr_eq(api_json_string(b, "/note"), "fix");

    /* another campaign, and no campaign at all (''), are other entries */
    struct api_response *c =
        post_spend("{\"channel\":\"sp_upd\",\"date\":\"2025-01-15\",\"amount\":1}", 201);
    ck_assert_pstr_eq(api_json_string(c, "/campaign"), "");
    ck_assert_str_ne(api_json_string(c, "/id"), id);
    struct api_response *d = post_spend(
        "{\"channel\":\"sp_upd\",\"date\":\"2025-01-15\",\"amount\":3,\"campaign\":\"\"}", 200);
    ck_assert_pstr_eq(api_json_string(d, "/id"), api_json_string(c, "/id"));
    ck_assert_int_eq(spend_rows("sp_upd"), 2);
    char *amount =
        api_sql_value("SELECT spend::text FROM channel_stats WHERE id = $1::uuid", id, NULL);
    ck_assert_str_eq(amount, "2000.00");
    free(amount);
    api_response_free(a);
    api_response_free(b);
    api_response_free(c);
    api_response_free(d);
}
END_TEST

START_TEST(invalid_entries_are_422_and_store_nothing)
{
    static const struct {
        const char *body, *field;
    } cases[] = {
        {"{\"channel\":\"sp_bad\",\"date\":\"2025-01-15\",\"amount\":-1}", "/amount"},
        {"{\"channel\":\"sp_bad\",\"date\":\"2025-01-15\",\"amount\":1.005}", "/amount"},
        {"{\"channel\":\"sp_bad\",\"date\":\"2025-02-30\",\"amount\":1}", "/date"},
        {"{\"channel\":\"sp_bad\",\"date\":\"15.01.2025\",\"amount\":1}", "/date"},
        {"{\"channel\":\"sp_bad\",\"date\":\"2025-01-15\",\"amount\":\"10\"}", "/amount"},
        {"{\"channel\":\"sp_bad\",\"date\":\"2025-01-15\"}", "/amount"},
        {"{\"date\":\"2025-01-15\",\"amount\":1}", "/channel"},
        {"{\"channel\":\"sp_bad\",\"date\":\"2025-01-15\",\"amount\":1,\"cost\":2}", "/cost"},
        {"{\"channel\":\"sp_bad\",\"date\":\"2025-01-15\",\"amount\":1e14}", "/amount"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct api_response *r = api_post_json("/v1/spend", api_admin_key(), cases[i].body);
        api_assert_problem(r, 422);
        ck_assert_msg(api_json_string(r, "/errors/0/field") != NULL &&
                          strcmp(api_json_string(r, "/errors/0/field"), cases[i].field) == 0,
                      "%s: expected an error at %s: %s", cases[i].body, cases[i].field, r->body);
        api_response_free(r);
    }
    ck_assert_int_eq(spend_rows("sp_bad"), 0);
}
END_TEST

START_TEST(batch_stores_the_valid_items_and_reports_each)
{
    struct api_response *r = api_post_json(
        "/v1/spend/batch", api_admin_key(),
        "{\"items\":[{\"channel\":\"sp_batch\",\"date\":\"2025-03-01\",\"amount\":10},"
        "{\"channel\":\"sp_batch\",\"date\":\"2025-03-02\",\"amount\":-5},"
        "{\"channel\":\"sp_batch\",\"date\":\"2025-03-01\",\"amount\":12},7]}");
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 4);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/status"), "created");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/status"), "error");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/errors/0/field"), "/items/1/amount");
    ck_assert(json_is_null(api_json_at(r, "/items/1/id")));
    /* the same key again within the batch updates the entry the first item created */
    ck_assert_pstr_eq(api_json_string(r, "/items/2/status"), "updated");
    ck_assert_pstr_eq(api_json_string(r, "/items/2/id"), api_json_string(r, "/items/0/id"));
    ck_assert_pstr_eq(api_json_string(r, "/items/3/errors/0/field"), "/items/3");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/3/index")), 3);
    ck_assert_int_eq(spend_rows("sp_batch"), 1);
    char *amount =
        api_sql_value("SELECT spend::text FROM channel_stats WHERE channel = 'sp_batch'", NULL);
    ck_assert_str_eq(amount, "12.00");
    free(amount);
    api_response_free(r);

    r = api_post_json("/v1/spend/batch", api_admin_key(), "{\"items\":[]}");
    api_assert_problem(r, 422);
    ck_assert_pstr_eq(api_json_string(r, "/errors/0/field"), "/items");
    api_response_free(r);
}
END_TEST

/* GETs path and returns the channels+dates of the items, "a@2025-01-01 b@..." style. */
static void list_dates(const char *path, char *out, size_t size)
{
    struct api_response *r = api_get(path, api_admin_key());
    api_assert_status(r, 200);
    out[0] = '\0';
    size_t i;
    json_t *item;
    json_array_foreach(api_json_at(r, "/items"), i, item)
    {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", used ? " " : "",
                 json_string_value(json_object_get(item, "date")));
    }
    api_response_free(r);
}

START_TEST(list_filters_by_dates_and_channel_and_pages)
{
    static const char *const entries[] = {
        "{\"channel\":\"sp_list_a\",\"date\":\"2025-04-03\",\"amount\":1}",
        "{\"channel\":\"sp_list_a\",\"date\":\"2025-04-01\",\"amount\":1}",
        "{\"channel\":\"sp_list_a\",\"date\":\"2025-04-02\",\"amount\":1}",
        "{\"channel\":\"sp_list_b\",\"date\":\"2025-04-02\",\"amount\":1}",
        "{\"channel\":\"sp_list_a\",\"date\":\"2025-05-01\",\"amount\":1}",
    };
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        api_response_free(post_spend(entries[i], 201));
    char dates[256];
    list_dates("/v1/spend?channel=sp_list_a", dates, sizeof dates);
    ck_assert_str_eq(dates, "2025-04-01 2025-04-02 2025-04-03 2025-05-01");
    list_dates("/v1/spend?channel=sp_list_a&from=2025-04-02&to=2025-04-30", dates, sizeof dates);
    ck_assert_str_eq(dates, "2025-04-02 2025-04-03");
    list_dates("/v1/spend?channel=sp_list_b", dates, sizeof dates);
    ck_assert_str_eq(dates, "2025-04-02");

    /* two pages of two and a last one of none left */
    struct api_response *p1 = api_get("/v1/spend?channel=sp_list_a&limit=2", api_admin_key());
    api_assert_status(p1, 200);
    ck_assert_pstr_eq(api_json_string(p1, "/items/1/date"), "2025-04-02");
    const char *cursor = api_json_string(p1, "/next_cursor");
    ck_assert_ptr_nonnull(cursor);
    char path[512];
    snprintf(path, sizeof path, "/v1/spend?channel=sp_list_a&limit=2&cursor=%s", cursor);
    list_dates(path, dates, sizeof dates);
    ck_assert_str_eq(dates, "2025-04-03 2025-05-01");
    api_response_free(p1);

    struct api_response *bad = api_get("/v1/spend?from=2025-02-30", api_admin_key());
    api_assert_problem(bad, 422);
    api_response_free(bad);
    /* a cursor that decodes but was not issued by this list ("x\ny" in base64url) */
    bad = api_get("/v1/spend?cursor=eAp5", api_admin_key());
    api_assert_problem(bad, 422);
    api_response_free(bad);
}
END_TEST

START_TEST(scopes_and_workspaces)
{
    char *reader = api_new_workspace_key("api-test", "read");
    struct api_response *r = api_post_json(
        "/v1/spend", reader, "{\"channel\":\"sp_scope\",\"date\":\"2025-01-01\",\"amount\":1}");
    api_assert_problem(r, 403);
    api_response_free(r);
    r = api_get("/v1/spend?channel=sp_scope", reader);
    api_assert_status(r, 200);
    api_response_free(r);

    api_response_free(
        post_spend("{\"channel\":\"sp_iso\",\"date\":\"2025-01-01\",\"amount\":1}", 201));
    char *other = api_new_workspace_key("spend-other", "ingest,read");
    r = api_get("/v1/spend?channel=sp_iso", other);
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 0);
    api_response_free(r);
    /* the same natural key in another workspace is another entry */
    r = api_post_json("/v1/spend", other,
                      "{\"channel\":\"sp_iso\",\"date\":\"2025-01-01\",\"amount\":1}");
    api_assert_status(r, 201);
    api_response_free(r);
    ck_assert_int_eq(spend_rows("sp_iso"), 2);
    free(other);
    free(reader);
}
END_TEST

Suite *api_spend_suite(void)
{
    Suite *s = suite_create("api_spend");
    TCase *tc = tcase_create("spend");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, create_then_update_keeps_the_id);
    tcase_add_test(tc, invalid_entries_are_422_and_store_nothing);
    tcase_add_test(tc, batch_stores_the_valid_items_and_reports_each);
    tcase_add_test(tc, list_filters_by_dates_and_channel_and_pages);
    tcase_add_test(tc, scopes_and_workspaces);
    suite_add_tcase(s, tc);
    return s;
}
