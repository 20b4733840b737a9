/* API tests of NPS responses: validation, idempotency on external_id, the list. */
#include "client.h"

#include <stdio.h>
#include <string.h>

static long nps_rows(const char *client_ref)
{
    char *n =
        api_sql_value("SELECT count(*) FROM nps_responses WHERE client_ref = $1", client_ref, NULL);
    long v = strtol(n, NULL, 10);
    free(n);
    return v;
}

START_TEST(answers_are_stored_and_idempotent_on_external_id)
{
    struct api_response *a = api_post_json(
        "/v1/nps-responses", api_admin_key(),
        "{\"score\":9,\"responded_at\":\"2025-01-15T10:00:00+03:00\",\"client_ref\":\"nps_c1\","
        "\"external_id\":\"survey-1\"}");
    api_assert_status(a, 201);
    ck_assert_int_eq(json_integer_value(api_json_at(a, "/score")), 9);
    ck_assert_pstr_eq(api_json_string(a, "/responded_at"), "2025-01-15T07:00:00Z");
    const char *id = api_json_string(a, "/id");
    ck_assert_ptr_nonnull(id);

    /* the same external_id again: the same answer, updated */
    struct api_response *b = api_post_json(
        "/v1/nps-responses", api_admin_key(),
        "{\"score\":10,\"responded_at\":\"2025-01-15T10:00:00+03:00\",\"client_ref\":\"nps_c1\","
        "\"external_id\":\"survey-1\"}");
    api_assert_status(b, 200);
    ck_assert_pstr_eq(api_json_string(b, "/id"), id);
    ck_assert_int_eq(json_integer_value(api_json_at(b, "/score")), 10);
    ck_assert_int_eq(nps_rows("nps_c1"), 1);

    /* without an external_id every post is a new answer */
    for (int i = 0; i < 2; i++) {
        struct api_response *c = api_post_json(
            "/v1/nps-responses", api_admin_key(),
            "{\"score\":0,\"responded_at\":\"2025-01-16T00:00:00Z\",\"client_ref\":\"nps_c1\"}");
        api_assert_status(c, 201);
        ck_assert(json_is_null(api_json_at(c, "/external_id")));
        api_response_free(c);
    }
    ck_assert_int_eq(nps_rows("nps_c1"), 3);
    api_response_free(a);
    api_response_free(b);
}
END_TEST

START_TEST(invalid_answers_are_422)
{
    static const struct {
        const char *body, *field;
    } cases[] = {
        {"{\"score\":11,\"responded_at\":\"2025-01-15T10:00:00Z\",\"client_ref\":\"nps_bad\"}",
         "/score"},
        {"{\"score\":-1,\"responded_at\":\"2025-01-15T10:00:00Z\",\"client_ref\":\"nps_bad\"}",
         "/score"},
        {"{\"score\":7.5,\"responded_at\":\"2025-01-15T10:00:00Z\",\"client_ref\":\"nps_bad\"}",
         "/score"},
        {"{\"score\":\"7\",\"responded_at\":\"2025-01-15T10:00:00Z\",\"client_ref\":\"nps_bad\"}",
         "/score"},
        {"{\"score\":7,\"client_ref\":\"nps_bad\"}", "/responded_at"},
        {"{\"score\":7,\"responded_at\":\"2025-01-15T10:00:00\",\"client_ref\":\"nps_bad\"}",
         "/responded_at"},
        {"{\"responded_at\":\"2025-01-15T10:00:00Z\",\"client_ref\":\"nps_bad\"}", "/score"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct api_response *r = api_post_json("/v1/nps-responses", api_admin_key(), cases[i].body);
        api_assert_problem(r, 422);
        ck_assert_msg(api_json_string(r, "/errors/0/field") != NULL &&
                          strcmp(api_json_string(r, "/errors/0/field"), cases[i].field) == 0,
                      "%s: expected an error at %s: %s", cases[i].body, cases[i].field, r->body);
        api_response_free(r);
    }
    ck_assert_int_eq(nps_rows("nps_bad"), 0);
}
END_TEST

START_TEST(list_filters_by_time_and_client)
{
    static const char *const answers[] = {
        "{\"score\":1,\"responded_at\":\"2025-02-01T00:00:00Z\",\"client_ref\":\"nps_list\"}",
        "{\"score\":2,\"responded_at\":\"2025-02-10T00:00:00Z\",\"client_ref\":\"nps_list\"}",
        "{\"score\":3,\"responded_at\":\"2025-03-01T00:00:00Z\",\"client_ref\":\"nps_list\"}",
    };
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
        struct api_response *r = api_post_json("/v1/nps-responses", api_admin_key(), answers[i]);
        api_assert_status(r, 201);
        api_response_free(r);
    }
    /* February only: from inclusive, to exclusive */
    struct api_response *r = api_get("/v1/nps-responses?client_ref=nps_list"
                                     "&from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z",
                                     api_admin_key());
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 2);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/1/score")), 2);
    api_response_free(r);

    r = api_get("/v1/nps-responses?client_ref=nps_list&limit=2", api_admin_key());
    api_assert_status(r, 200);
    char path[512];
    snprintf(path, sizeof path, "/v1/nps-responses?client_ref=nps_list&limit=2&cursor=%s",
             api_json_string(r, "/next_cursor"));
    struct api_response *p2 = api_get(path, api_admin_key());
    api_assert_status(p2, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(p2, "/items")), 1);
    ck_assert_int_eq(json_integer_value(api_json_at(p2, "/items/0/score")), 3);
    ck_assert(json_is_null(api_json_at(p2, "/next_cursor")));
    api_response_free(p2);
    api_response_free(r);

    r = api_get("/v1/nps-responses?from=2025-02-01", api_admin_key());
    api_assert_problem(r, 422);
    api_response_free(r);
}
END_TEST

Suite *api_nps_suite(void)
{
    Suite *s = suite_create("api_nps");
    TCase *tc = tcase_create("nps");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, answers_are_stored_and_idempotent_on_external_id);
    tcase_add_test(tc, invalid_answers_are_422);
    tcase_add_test(tc, list_filters_by_time_and_client);
    suite_add_tcase(s, tc);
    return s;
}
