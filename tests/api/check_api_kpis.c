/* API tests of the metric catalogue and KPI definitions: create, read, replace, delete,
 * formula errors with their position, validation, paging, scopes and workspace isolation. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKSPACE "defs-kpis"

/* A fresh admin key of this suite's workspace (free it). */
static char *admin(void)
{
    return api_new_workspace_key(WORKSPACE, "admin");
}

static struct api_response *put_json(const char *path, const char *key, const char *body)
{
    return api_request("PUT", path, key, "application/json", body);
}

/* The list item whose member `member` equals `value`, or NULL. */
static json_t *find_by(const struct api_response *r, const char *member, const char *value)
{
    size_t i;
    json_t *item;
    json_array_foreach(api_json_at(r, "/items"), i, item)
    {
        const char *v = json_string_value(json_object_get(item, member));
        if (v != NULL && strcmp(v, value) == 0)
            return item;
    }
    return NULL;
}

/* Asserts a 422 whose first error names `field` and whose message contains `needle`. */
static void assert_field_error(const struct api_response *r, const char *field, const char *needle)
{
    api_assert_problem(r, 422);
    json_t *errors = api_json_at(r, "/errors");
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        const char *m = json_string_value(json_object_get(e, "message"));
        if (f && strcmp(f, field) == 0 && (needle == NULL || (m && strstr(m, needle))))
            return;
    }
    ck_abort_msg("%s %s: no error on %s containing '%s' in %s", r->method, r->path, field,
                 needle ? needle : "", r->body);
}

/* POSTs a KPI and asserts `status`. */
static struct api_response *post_kpi(const char *key, const char *json, long status)
{
    struct api_response *r = api_post_json("/v1/kpis", key, json);
    api_assert_status(r, status);
    return r;
}

START_TEST(catalogue_lists_every_metric_from_libkpi)
{
    char *key = api_new_workspace_key(WORKSPACE, "read");
    struct api_response *r = api_get("/v1/metrics", key);
    api_assert_status(r, 200);
    /* docs/kpi-semantics.md section 4: 13 lead and funnel metrics, won_deals, clients,
     * new_clients, repeat_purchases, revenue, revenue_new_clients, gross_margin, spend,
     * avg_check, gross_margin_pct, cac, romi, roas, deal_cycle_days, nps = 28; section 8's
     * 14 channel-record metrics, ctr to audience_growth = 42; the lifetime ltv, repeat_rate,
     * romi_ltv = 45 */
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 45);
    ck_assert(json_is_null(api_json_at(r, "/next_cursor")));
    json_t *cpl = find_by(r, "id", "cpl");
    ck_assert_ptr_nonnull(cpl);
    ck_assert_str_eq(json_string_value(json_object_get(cpl, "formula")), "spend / valid_leads");
    ck_assert_str_eq(json_string_value(json_object_get(cpl, "unit")), "money");
    ck_assert_str_eq(json_string_value(json_object_get(cpl, "direction")), "lower_is_better");
    ck_assert_ptr_nonnull(json_string_value(json_object_get(cpl, "name")));
    json_t *romi = find_by(r, "id", "romi");
    ck_assert_str_eq(json_string_value(json_object_get(romi, "formula")),
                     "100 * (gross_margin - spend) / spend");
    ck_assert_str_eq(json_string_value(json_object_get(romi, "unit")), "percent");
    json_t *nps = find_by(r, "id", "nps");
    ck_assert_str_eq(json_string_value(json_object_get(nps, "unit")), "points");
    ck_assert_str_eq(json_string_value(json_object_get(nps, "direction")), "higher_is_better");
    api_response_free(r);

    /* section 3's 23 measures plus deals_without_margin; section 8's 12 channel-record sums
     * and 2 follower levels; the lifetime ltv_clients, ltv_revenue, repeat_clients */
    r = api_get("/v1/measures", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 41);
    ck_assert_ptr_nonnull(find_by(r, "name", "valid_leads"));
    ck_assert_ptr_nonnull(find_by(r, "name", "reaction_minutes_median"));
    ck_assert_ptr_nonnull(find_by(r, "name", "nps_detractors"));
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(metric_kpi_is_created_read_replaced_and_deleted)
{
    char *key = admin();
    struct api_response *r =
        post_kpi(key,
                 "{\"code\":\"cpl_main\",\"name\":\"CPL\",\"owner\":\"marketing\","
                 "\"metric\":\"cpl\",\"granularity\":\"month\","
                 "\"target\":{\"base\":1500,\"plan\":1200,\"stretch\":1000}}",
                 201);
    ck_assert_pstr_eq(api_header(r, "Location"), "/v1/kpis/cpl_main");
    ck_assert_pstr_eq(api_json_string(r, "/code"), "cpl_main");
    ck_assert_pstr_eq(api_json_string(r, "/metric"), "cpl");
    ck_assert(json_is_null(api_json_at(r, "/formula")));
    ck_assert(json_is_false(api_json_at(r, "/manual")));
    /* defaults: unit and direction from the metric, primary, event, no lag, every channel */
    ck_assert_pstr_eq(api_json_string(r, "/unit"), "money");
    ck_assert_pstr_eq(api_json_string(r, "/direction"), "lower_is_better");
    ck_assert_pstr_eq(api_json_string(r, "/level"), "primary");
    ck_assert_pstr_eq(api_json_string(r, "/attribution"), "event");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/lag_days")), 0);
    ck_assert_int_eq(json_object_size(api_json_at(r, "/filters")), 0);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/target/plan")), 1200);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/target/base")), 1500);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/target/stretch")), 1000);
    ck_assert_ptr_nonnull(api_json_string(r, "/created_at"));
    api_response_free(r);

    r = post_kpi(key,
                 "{\"code\":\"cpl_main\",\"name\":\"again\",\"owner\":\"marketing\","
                 "\"metric\":\"cpl\",\"granularity\":\"month\"}",
                 409);
    api_assert_problem(r, 409);
    api_response_free(r);

    r = api_get("/v1/kpis/cpl_main", key);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/name"), "CPL");
    api_response_free(r);

    /* replace: a cohort KPI with lag, a channel filter and no default target */
    r = put_json("/v1/kpis/cpl_main", key,
                 "{\"name\":\"CPL (paid)\",\"owner\":\"shared\",\"level\":\"secondary\","
                 "\"metric\":\"cpl\",\"granularity\":\"quarter\",\"attribution\":\"cohort\","
                 "\"lag_days\":60,\"filters\":{\"channels\":[\"yandex_direct\",\"vk\"]}}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/name"), "CPL (paid)");
    ck_assert_pstr_eq(api_json_string(r, "/owner"), "shared");
    ck_assert_pstr_eq(api_json_string(r, "/level"), "secondary");
    ck_assert_pstr_eq(api_json_string(r, "/granularity"), "quarter");
    ck_assert_pstr_eq(api_json_string(r, "/attribution"), "cohort");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/lag_days")), 60);
    ck_assert_pstr_eq(api_json_string(r, "/filters/channels/0"), "yandex_direct");
    ck_assert_pstr_eq(api_json_string(r, "/filters/channels/1"), "vk");
    ck_assert(json_is_null(api_json_at(r, "/target/plan")));
    api_response_free(r);

    /* PUT of a new code creates it */
    r = put_json("/v1/kpis/leads_new", key,
                 "{\"code\":\"leads_new\",\"name\":\"Leads\",\"owner\":\"marketing\","
                 "\"metric\":\"leads\",\"granularity\":\"month\"}");
    api_assert_status(r, 201);
    ck_assert_pstr_eq(api_header(r, "Location"), "/v1/kpis/leads_new");
    ck_assert_pstr_eq(api_json_string(r, "/unit"), "count");
    api_response_free(r);

    r = api_delete("/v1/kpis/cpl_main", key);
    api_assert_status(r, 204);
    api_response_free(r);
    r = api_get("/v1/kpis/cpl_main", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_delete("/v1/kpis/cpl_main", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(formula_and_manual_kpis_need_unit_and_direction)
{
    char *key = admin();
    struct api_response *r =
        post_kpi(key,
                 "{\"code\":\"rev_per_lead\",\"name\":\"New-client revenue per lead\","
                 "\"owner\":\"shared\",\"formula\":\"revenue_new_clients / valid_leads\","
                 "\"unit\":\"money\",\"direction\":\"higher_is_better\","
                 "\"granularity\":\"quarter\",\"description\":\"per valid lead\"}",
                 201);
    ck_assert_pstr_eq(api_json_string(r, "/formula"), "revenue_new_clients / valid_leads");
    ck_assert(json_is_null(api_json_at(r, "/metric")));
    ck_assert_pstr_eq(api_json_string(r, "/description"), "per valid lead");
    api_response_free(r);

    r = post_kpi(key,
                 "{\"code\":\"reviews\",\"name\":\"Positive reviews\",\"owner\":\"sales\","
                 "\"manual\":true,\"unit\":\"count\",\"direction\":\"higher_is_better\","
                 "\"granularity\":\"month\"}",
                 201);
    ck_assert(json_is_true(api_json_at(r, "/manual")));
    ck_assert(json_is_null(api_json_at(r, "/metric")));
    ck_assert(json_is_null(api_json_at(r, "/formula")));
    api_response_free(r);

    r = post_kpi(key,
                 "{\"code\":\"no_unit\",\"name\":\"x\",\"owner\":\"sales\","
                 "\"formula\":\"leads\",\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/unit", NULL);
    assert_field_error(r, "/direction", NULL);
    api_response_free(r);

    /* ratio is not a unit libkpi knows */
    r = post_kpi(key,
                 "{\"code\":\"bad_unit\",\"name\":\"x\",\"owner\":\"sales\",\"manual\":true,"
                 "\"unit\":\"ratio\",\"direction\":\"higher_is_better\",\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/unit", NULL);
    api_response_free(r);
    r = api_get("/v1/kpis/no_unit", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(formula_errors_carry_their_position)
{
    char *key = admin();
    /* "revenue / / leads": r=1 .. e=7, space 8, '/' 9, space 10, the second '/' is 11 */
    struct api_response *r =
        post_kpi(key,
                 "{\"code\":\"bad_f\",\"name\":\"x\",\"owner\":\"sales\","
                 "\"formula\":\"revenue / / leads\",\"unit\":\"money\","
                 "\"direction\":\"higher_is_better\",\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/formula", "position 11");
    api_response_free(r);

    /* "revenue / visitors": 'v' is at 11 */
    r = post_kpi(key,
                 "{\"code\":\"bad_f\",\"name\":\"x\",\"owner\":\"sales\","
                 "\"formula\":\"revenue / visitors\",\"unit\":\"money\","
                 "\"direction\":\"higher_is_better\",\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/formula", "visitors");
    assert_field_error(r, "/formula", "position 11");
    api_response_free(r);

    /* "(leads": the end of the text, position 7 */
    r = post_kpi(key,
                 "{\"code\":\"bad_f\",\"name\":\"x\",\"owner\":\"sales\",\"formula\":\"(leads\","
                 "\"unit\":\"count\",\"direction\":\"higher_is_better\",\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/formula", "position 7");
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(exactly_one_source_is_required)
{
    char *key = admin();
    struct api_response *r = post_kpi(key,
                                      "{\"code\":\"two\",\"name\":\"x\",\"owner\":\"sales\","
                                      "\"metric\":\"leads\",\"formula\":\"leads\","
                                      "\"granularity\":\"month\"}",
                                      422);
    assert_field_error(r, "/formula", "exactly one");
    api_response_free(r);

    r = post_kpi(key,
                 "{\"code\":\"none\",\"name\":\"x\",\"owner\":\"sales\",\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/metric", "exactly one");
    api_response_free(r);

    r = post_kpi(key,
                 "{\"code\":\"unknown\",\"name\":\"x\",\"owner\":\"sales\",\"metric\":\"cpx\","
                 "\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/metric", "catalogue");
    api_response_free(r);

    r = post_kpi(key,
                 "{\"code\":\"man_met\",\"name\":\"x\",\"owner\":\"sales\",\"metric\":\"leads\","
                 "\"manual\":true,\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/manual", "exactly one");
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(invalid_fields_are_named)
{
    char *key = admin();
    struct api_response *r =
        post_kpi(key,
                 "{\"code\":\"Bad-Code\",\"name\":\"x\",\"owner\":\"finance\",\"metric\":\"leads\","
                 "\"granularity\":\"day\",\"attribution\":\"last_touch\",\"lag_days\":4000,"
                 "\"filters\":{\"channels\":[\"\"]},\"colour\":\"red\"}",
                 422);
    assert_field_error(r, "/code", NULL);
    assert_field_error(r, "/owner", NULL);
    assert_field_error(r, "/granularity", NULL);
    assert_field_error(r, "/attribution", NULL);
    assert_field_error(r, "/lag_days", NULL);
    assert_field_error(r, "/filters/channels/0", NULL);
    assert_field_error(r, "/colour", "unknown");
    api_response_free(r);

    /* a target needs a plan; for a lower-is-better KPI the base is the higher number */
    r = post_kpi(key,
                 "{\"code\":\"t1\",\"name\":\"x\",\"owner\":\"sales\",\"metric\":\"leads\","
                 "\"granularity\":\"month\",\"target\":{\"base\":10}}",
                 422);
    assert_field_error(r, "/target/plan", NULL);
    api_response_free(r);
    r = post_kpi(key,
                 "{\"code\":\"t2\",\"name\":\"x\",\"owner\":\"sales\",\"metric\":\"cac\","
                 "\"granularity\":\"month\",\"target\":{\"base\":15000,\"plan\":18000}}",
                 422);
    assert_field_error(r, "/target/base", NULL);
    api_response_free(r);
    r = post_kpi(key,
                 "{\"code\":\"t3\",\"name\":\"x\",\"owner\":\"sales\",\"metric\":\"leads\","
                 "\"granularity\":\"month\",\"target\":{\"plan\":100,\"stretch\":90}}",
                 422);
    assert_field_error(r, "/target/stretch", NULL);
    api_response_free(r);
    r = post_kpi(key,
                 "{\"name\":\"x\",\"owner\":\"sales\",\"metric\":\"leads\","
                 "\"granularity\":\"month\"}",
                 422);
    assert_field_error(r, "/code", "required");
    api_response_free(r);

    /* PUT: the body's code must be the path's */
    r = put_json("/v1/kpis/one", key,
                 "{\"code\":\"two\",\"name\":\"x\",\"owner\":\"sales\",\"metric\":\"leads\","
                 "\"granularity\":\"month\"}");
    assert_field_error(r, "/code", "path");
    api_response_free(r);
    r = api_get("/v1/kpis/NOT-A-CODE", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(list_filters_and_pages)
{
    char *key = api_new_workspace_key("defs-kpis-list", "admin");
    const char *bodies[] = {
        "{\"code\":\"l_a\",\"name\":\"a\",\"owner\":\"sales\",\"metric\":\"leads\","
        "\"granularity\":\"month\"}",
        "{\"code\":\"l_b\",\"name\":\"b\",\"owner\":\"sales\",\"metric\":\"cac\","
        "\"granularity\":\"quarter\"}",
        "{\"code\":\"l_c\",\"name\":\"c\",\"owner\":\"marketing\",\"metric\":\"cpl\","
        "\"granularity\":\"month\"}",
    };
    for (size_t i = 0; i < 3; i++)
        api_response_free(post_kpi(key, bodies[i], 201));

    struct api_response *r = api_get("/v1/kpis?owner=sales", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 2);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/code"), "l_a");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/code"), "l_b");
    api_response_free(r);

    r = api_get("/v1/kpis?granularity=month&owner=marketing", key);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 1);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/code"), "l_c");
    api_response_free(r);

    r = api_get("/v1/kpis?limit=2", key);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 2);
    const char *cursor = api_json_string(r, "/next_cursor");
    ck_assert_ptr_nonnull(cursor);
    char path[256];
    snprintf(path, sizeof path, "/v1/kpis?limit=2&cursor=%s", cursor);
    struct api_response *next = api_get(path, key);
    api_assert_status(next, 200);
    ck_assert_int_eq(json_array_size(api_json_at(next, "/items")), 1);
    ck_assert_pstr_eq(api_json_string(next, "/items/0/code"), "l_c");
    ck_assert(json_is_null(api_json_at(next, "/next_cursor")));
    api_response_free(next);
    api_response_free(r);

    r = api_get("/v1/kpis?owner=finance", key);
    api_assert_problem(r, 422);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(read_key_reads_but_cannot_write)
{
    char *key = admin();
    api_response_free(post_kpi(key,
                               "{\"code\":\"ro_kpi\",\"name\":\"x\",\"owner\":\"sales\","
                               "\"metric\":\"leads\",\"granularity\":\"month\"}",
                               201));
    char *reader = api_new_workspace_key(WORKSPACE, "read");
    struct api_response *r = api_get("/v1/kpis/ro_kpi", reader);
    api_assert_status(r, 200);
    api_response_free(r);
    r = put_json("/v1/kpis/ro_kpi", reader,
                 "{\"name\":\"y\",\"owner\":\"sales\",\"metric\":\"leads\","
                 "\"granularity\":\"month\"}");
    api_assert_problem(r, 403);
    api_response_free(r);
    r = api_post_json("/v1/kpis", reader,
                      "{\"code\":\"ro_2\",\"name\":\"x\",\"owner\":\"sales\","
                      "\"metric\":\"leads\",\"granularity\":\"month\"}");
    api_assert_problem(r, 403);
    api_response_free(r);
    r = api_delete("/v1/kpis/ro_kpi", reader);
    api_assert_problem(r, 403);
    api_response_free(r);
    r = api_get("/v1/kpis/ro_kpi", reader);
    ck_assert_pstr_eq(api_json_string(r, "/name"), "x");
    api_response_free(r);
    free(reader);
    free(key);
}
END_TEST

START_TEST(kpis_are_confined_to_their_workspace)
{
    char *key = admin();
    char *other = api_new_workspace_key("defs-kpis-other", "admin");
    api_response_free(post_kpi(key,
                               "{\"code\":\"iso_kpi\",\"name\":\"mine\",\"owner\":\"sales\","
                               "\"metric\":\"leads\",\"granularity\":\"month\"}",
                               201));
    struct api_response *r = api_get("/v1/kpis/iso_kpi", other);
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/kpis", other);
    ck_assert_ptr_null(find_by(r, "code", "iso_kpi"));
    api_response_free(r);
    r = api_delete("/v1/kpis/iso_kpi", other);
    api_assert_problem(r, 404);
    api_response_free(r);
    /* the same code in another workspace is another KPI */
    r = post_kpi(other,
                 "{\"code\":\"iso_kpi\",\"name\":\"theirs\",\"owner\":\"sales\","
                 "\"metric\":\"cpl\",\"granularity\":\"month\"}",
                 201);
    api_response_free(r);
    r = api_get("/v1/kpis/iso_kpi", key);
    ck_assert_pstr_eq(api_json_string(r, "/name"), "mine");
    ck_assert_pstr_eq(api_json_string(r, "/metric"), "leads");
    api_response_free(r);
    free(other);
    free(key);
}
END_TEST

Suite *api_kpis_suite(void)
{
    Suite *s = suite_create("api_kpis");
    TCase *tc = tcase_create("kpis");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, catalogue_lists_every_metric_from_libkpi);
    tcase_add_test(tc, metric_kpi_is_created_read_replaced_and_deleted);
    tcase_add_test(tc, formula_and_manual_kpis_need_unit_and_direction);
    tcase_add_test(tc, formula_errors_carry_their_position);
    tcase_add_test(tc, exactly_one_source_is_required);
    tcase_add_test(tc, invalid_fields_are_named);
    tcase_add_test(tc, list_filters_and_pages);
    tcase_add_test(tc, read_key_reads_but_cannot_write);
    tcase_add_test(tc, kpis_are_confined_to_their_workspace);
    suite_add_tcase(s, tc);
    return s;
}
