/* API tests of scorecard definitions: libkpi's rules (weights, item count, granularity),
 * KPIs in use, create/read/replace/delete, scopes and workspace isolation. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Month KPIs m1..m8 (higher is better) and a quarter KPI q1 in workspace `ws`; the key. */
static char *fixture(const char *ws)
{
    char *key = api_new_workspace_key(ws, "admin");
    for (int i = 1; i <= 8; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"code\":\"m%d\",\"name\":\"M%d\",\"owner\":\"sales\",\"metric\":\"leads\","
                 "\"granularity\":\"month\"}",
                 i, i);
        struct api_response *r = api_post_json("/v1/kpis", key, body);
        api_assert_status(r, 201);
        api_response_free(r);
    }
    struct api_response *r = api_post_json("/v1/kpis", key,
                                           "{\"code\":\"q1\",\"name\":\"Q\",\"owner\":\"shared\","
                                           "\"metric\":\"cac\",\"granularity\":\"quarter\"}");
    api_assert_status(r, 201);
    api_response_free(r);
    return key;
}

/* A scorecard body: code, granularity and the items JSON. */
static char *scorecard(const char *code, const char *granularity, const char *items)
{
    char *body = malloc(2048);
    snprintf(body, 2048,
             "{\"code\":\"%s\",\"name\":\"Marketing director\",\"owner\":\"marketing\","
             "\"granularity\":\"%s\",\"fixed_pay\":150000,\"bonus_base\":65000,\"items\":%s}",
             code, granularity, items);
    return body;
}

static struct api_response *post_scorecard(const char *key, const char *code,
                                           const char *granularity, const char *items)
{
    char *body = scorecard(code, granularity, items);
    struct api_response *r = api_post_json("/v1/scorecards", key, body);
    free(body);
    return r;
}

/* Asserts a 422 with an error on `field` whose message contains `needle` (if not NULL). */
static void assert_field_error(const struct api_response *r, const char *field, const char *needle)
{
    api_assert_problem(r, 422);
    size_t i;
    json_t *e;
    json_array_foreach(api_json_at(r, "/errors"), i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        const char *m = json_string_value(json_object_get(e, "message"));
        if (f && strcmp(f, field) == 0 && (needle == NULL || (m && strstr(m, needle))))
            return;
    }
    ck_abort_msg("%s %s: no error on %s containing '%s' in %s", r->method, r->path, field,
                 needle ? needle : "", r->body);
}

#define THREE_ITEMS                                                                                \
    "[{\"kpi\":\"m1\",\"weight\":0.5},{\"kpi\":\"m2\",\"weight\":0.25},"                           \
    "{\"kpi\":\"m3\",\"weight\":0.25}]"

START_TEST(valid_scorecard_is_created_read_replaced_and_deleted)
{
    char *key = fixture("defs-sc");
    struct api_response *r = post_scorecard(key, "director", "month", THREE_ITEMS);
    api_assert_status(r, 201);
    ck_assert_pstr_eq(api_header(r, "Location"), "/v1/scorecards/director");
    ck_assert_pstr_eq(api_json_string(r, "/code"), "director");
    ck_assert_pstr_eq(api_json_string(r, "/granularity"), "month");
    ck_assert_pstr_eq(api_json_string(r, "/owner"), "marketing");
    ck_assert(json_number_value(api_json_at(r, "/fixed_pay")) == 150000);
    ck_assert(json_number_value(api_json_at(r, "/bonus_base")) == 65000);
    ck_assert(json_number_value(api_json_at(r, "/max_attainment")) == 2.0);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 3);
    ck_assert_pstr_eq(api_json_string(r, "/items/1/kpi"), "m2");
    ck_assert(json_number_value(api_json_at(r, "/items/1/weight")) == 0.25);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/warnings")), 0);
    api_response_free(r);

    r = post_scorecard(key, "director", "month", THREE_ITEMS);
    api_assert_problem(r, 409);
    api_response_free(r);

    r = api_get("/v1/scorecards/director", key);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/name"), "Marketing director");
    api_response_free(r);

    /* replace: two items, a cap of 1.5 and no owner */
    r = api_request("PUT", "/v1/scorecards/director", key, "application/json",
                    "{\"name\":\"Director\",\"granularity\":\"month\",\"max_attainment\":1.5,"
                    "\"fixed_pay\":100.25,\"items\":[{\"kpi\":\"m4\",\"weight\":0.75},"
                    "{\"kpi\":\"m5\",\"weight\":0.25}]}");
    api_assert_status(r, 200);
    ck_assert(json_number_value(api_json_at(r, "/max_attainment")) == 1.5);
    ck_assert(json_number_value(api_json_at(r, "/fixed_pay")) == 100.25);
    ck_assert(json_number_value(api_json_at(r, "/bonus_base")) == 0);
    ck_assert(json_is_null(api_json_at(r, "/owner")));
    ck_assert_pstr_eq(api_json_string(r, "/items/0/kpi"), "m4");
    api_response_free(r);

    r = api_get("/v1/scorecards?granularity=month", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 1);
    api_response_free(r);
    r = api_get("/v1/scorecards?granularity=quarter", key);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 0);
    api_response_free(r);

    r = api_delete("/v1/scorecards/director", key);
    api_assert_status(r, 204);
    api_response_free(r);
    r = api_get("/v1/scorecards/director", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(weights_must_sum_to_one)
{
    char *key = fixture("defs-sc-weights");
    /* 0.5 + 0.4 = 0.9 */
    struct api_response *r = post_scorecard(
        key, "short", "month", "[{\"kpi\":\"m1\",\"weight\":0.5},{\"kpi\":\"m2\",\"weight\":0.4}]");
    assert_field_error(r, "/items", "0.9");
    api_response_free(r);
    /* a zero weight is the third item's fault */
    r = post_scorecard(key, "zero", "month",
                       "[{\"kpi\":\"m1\",\"weight\":0.5},{\"kpi\":\"m2\",\"weight\":0.5},"
                       "{\"kpi\":\"m3\",\"weight\":0}]");
    assert_field_error(r, "/items/2/weight", NULL);
    api_response_free(r);
    r = post_scorecard(key, "empty", "month", "[]");
    assert_field_error(r, "/items", NULL);
    api_response_free(r);
    r = post_scorecard(key, "noweight", "month", "[{\"kpi\":\"m1\"}]");
    assert_field_error(r, "/items/0/weight", NULL);
    api_response_free(r);
    /* 0.1 + 0.2 + 0.7 is 1 within 1e-9 although not exactly in binary */
    r = post_scorecard(key, "tenths", "month",
                       "[{\"kpi\":\"m1\",\"weight\":0.1},{\"kpi\":\"m2\",\"weight\":0.2},"
                       "{\"kpi\":\"m3\",\"weight\":0.7}]");
    api_assert_status(r, 201);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(more_than_seven_items_warn)
{
    char *key = fixture("defs-sc-eight");
    char items[1024] = "[";
    for (int i = 1; i <= 8; i++)
        snprintf(items + strlen(items), sizeof items - strlen(items),
                 "%s{\"kpi\":\"m%d\",\"weight\":0.125}", i > 1 ? "," : "", i);
    strcat(items, "]");
    struct api_response *r = post_scorecard(key, "eight", "month", items);
    api_assert_status(r, 201);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/warnings")), 1);
    ck_assert_ptr_nonnull(strstr(api_json_string(r, "/warnings/0"), "7"));
    api_response_free(r);
    r = api_get("/v1/scorecards/eight", key);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/warnings")), 1);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(items_must_name_kpis_of_the_granularity)
{
    char *key = fixture("defs-sc-kpis");
    struct api_response *r =
        post_scorecard(key, "unknown", "month",
                       "[{\"kpi\":\"m1\",\"weight\":0.5},{\"kpi\":\"zz\",\"weight\":0.5}]");
    assert_field_error(r, "/items/1/kpi", "zz");
    api_response_free(r);
    r = post_scorecard(key, "mixed", "month",
                       "[{\"kpi\":\"q1\",\"weight\":0.5},{\"kpi\":\"m1\",\"weight\":0.5}]");
    assert_field_error(r, "/items/0/kpi", "quarter");
    api_response_free(r);
    r = post_scorecard(key, "twice", "month",
                       "[{\"kpi\":\"m1\",\"weight\":0.5},{\"kpi\":\"m1\",\"weight\":0.5}]");
    assert_field_error(r, "/items/1/kpi", "already");
    api_response_free(r);
    r = post_scorecard(key, "extra", "month", "[{\"kpi\":\"m1\",\"weight\":1,\"note\":\"x\"}]");
    assert_field_error(r, "/items/0/note", NULL);
    api_response_free(r);
    r = api_post_json("/v1/scorecards", key,
                      "{\"code\":\"money\",\"name\":\"x\",\"granularity\":\"month\","
                      "\"fixed_pay\":-1,\"bonus_base\":1.001,\"max_attainment\":0,"
                      "\"items\":[{\"kpi\":\"m1\",\"weight\":1}]}");
    assert_field_error(r, "/fixed_pay", NULL);
    assert_field_error(r, "/bonus_base", NULL);
    assert_field_error(r, "/max_attainment", NULL);
    api_response_free(r);
    /* a quarterly scorecard of the quarter KPI is fine */
    r = post_scorecard(key, "strategic", "quarter", "[{\"kpi\":\"q1\",\"weight\":1}]");
    api_assert_status(r, 201);
    api_response_free(r);
    r = api_get("/v1/scorecards/unknown", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(kpis_in_use_are_kept)
{
    char *key = fixture("defs-sc-inuse");
    api_response_free(post_scorecard(key, "uses_m1", "month", "[{\"kpi\":\"m1\",\"weight\":1}]"));
    struct api_response *r = api_delete("/v1/kpis/m1", key);
    api_assert_problem(r, 409);
    ck_assert_pstr_eq(api_json_string(r, "/scorecards/0"), "uses_m1");
    api_response_free(r);
    /* moving it to quarters would break the monthly scorecard */
    r = api_request("PUT", "/v1/kpis/m1", key, "application/json",
                    "{\"name\":\"M1\",\"owner\":\"sales\",\"metric\":\"leads\","
                    "\"granularity\":\"quarter\"}");
    api_assert_problem(r, 409);
    ck_assert_pstr_eq(api_json_string(r, "/scorecards/0"), "uses_m1");
    api_response_free(r);
    /* other changes are fine */
    r = api_request("PUT", "/v1/kpis/m1", key, "application/json",
                    "{\"name\":\"Leads\",\"owner\":\"sales\",\"metric\":\"leads\","
                    "\"granularity\":\"month\"}");
    api_assert_status(r, 200);
    api_response_free(r);
    /* after the scorecard goes, the KPI may go */
    api_response_free(api_delete("/v1/scorecards/uses_m1", key));
    r = api_delete("/v1/kpis/m1", key);
    api_assert_status(r, 204);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(scopes_and_workspaces)
{
    char *key = fixture("defs-sc-scope");
    char *reader = api_new_workspace_key("defs-sc-scope", "read");
    char *other = fixture("defs-sc-scope-other");
    api_response_free(post_scorecard(key, "mine", "month", "[{\"kpi\":\"m1\",\"weight\":1}]"));
    struct api_response *r = api_get("/v1/scorecards/mine", reader);
    api_assert_status(r, 200);
    api_response_free(r);
    r = post_scorecard(reader, "theirs", "month", "[{\"kpi\":\"m1\",\"weight\":1}]");
    api_assert_problem(r, 403);
    api_response_free(r);
    r = api_delete("/v1/scorecards/mine", reader);
    api_assert_problem(r, 403);
    api_response_free(r);
    r = api_get("/v1/scorecards/mine", other);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_delete("/v1/scorecards/mine", other);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/scorecards", other);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 0);
    api_response_free(r);
    r = api_get("/v1/scorecards/mine", key);
    api_assert_status(r, 200);
    api_response_free(r);
    free(other);
    free(reader);
    free(key);
}
END_TEST

Suite *api_scorecards_suite(void)
{
    Suite *s = suite_create("api_scorecards");
    TCase *tc = tcase_create("scorecards");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, valid_scorecard_is_created_read_replaced_and_deleted);
    tcase_add_test(tc, weights_must_sum_to_one);
    tcase_add_test(tc, more_than_seven_items_warn);
    tcase_add_test(tc, items_must_name_kpis_of_the_granularity);
    tcase_add_test(tc, kpis_in_use_are_kept);
    tcase_add_test(tc, scopes_and_workspaces);
    suite_add_tcase(s, tc);
    return s;
}
