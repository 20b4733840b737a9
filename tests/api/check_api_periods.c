/* API tests of periods (ids, bounds in the workspace time zone), targets with KPI defaults,
 * manual facts, scopes and workspace isolation. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKSPACE "defs-periods"

static struct api_response *put_json(const char *path, const char *key, const char *body)
{
    return api_request("PUT", path, key, body ? "application/json" : NULL, body);
}

/* PUTs and asserts the status. */
static struct api_response *put_ok(const char *path, const char *key, const char *body, long status)
{
    struct api_response *r = put_json(path, key, body);
    api_assert_status(r, status);
    return r;
}

/* Asserts a 422 with an error on `field`. */
static void assert_field_error(const struct api_response *r, const char *field)
{
    api_assert_problem(r, 422);
    size_t i;
    json_t *e;
    json_array_foreach(api_json_at(r, "/errors"), i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        if (f && strcmp(f, field) == 0)
            return;
    }
    ck_abort_msg("%s %s: no error on %s in %s", r->method, r->path, field, r->body);
}

/* Sets the workspace's time zone in its settings row (created if missing). */
static void set_timezone(const char *workspace, const char *tz)
{
    free(api_sql_value("INSERT INTO workspace_settings (workspace_id, timezone)"
                       " SELECT id, $2 FROM workspaces WHERE name = $1"
                       " ON CONFLICT (workspace_id) DO UPDATE SET timezone = excluded.timezone"
                       " RETURNING 1",
                       workspace, tz, NULL));
}

/* The list item whose "kpi" is `kpi`, or NULL. */
static json_t *item_of(const struct api_response *r, const char *kpi)
{
    size_t i;
    json_t *item;
    json_array_foreach(api_json_at(r, "/items"), i, item)
    {
        const char *v = json_string_value(json_object_get(item, "kpi"));
        if (v != NULL && strcmp(v, kpi) == 0)
            return item;
    }
    return NULL;
}

static double number_at(const json_t *obj, const char *member)
{
    return json_number_value(json_object_get(obj, member));
}

START_TEST(quarter_bounds_in_utc)
{
    char *key = api_new_workspace_key(WORKSPACE, "admin");
    struct api_response *r = put_ok("/v1/periods/2025-Q1", key, NULL, 201);
    ck_assert_pstr_eq(api_header(r, "Location"), "/v1/periods/2025-Q1");
    ck_assert_pstr_eq(api_json_string(r, "/id"), "2025-Q1");
    ck_assert_pstr_eq(api_json_string(r, "/kind"), "quarter");
    ck_assert_pstr_eq(api_json_string(r, "/start"), "2025-01-01");
    ck_assert_pstr_eq(api_json_string(r, "/end"), "2025-04-01");
    ck_assert_pstr_eq(api_json_string(r, "/starts_at"), "2025-01-01T00:00:00Z");
    ck_assert_pstr_eq(api_json_string(r, "/ends_at"), "2025-04-01T00:00:00Z");
    ck_assert(json_is_false(api_json_at(r, "/closed")));
    ck_assert(json_is_null(api_json_at(r, "/closed_at")));
    api_response_free(r);

    /* again, with an empty object: it existed */
    r = put_ok("/v1/periods/2025-Q1", key, "{}", 200);
    ck_assert_pstr_eq(api_json_string(r, "/end"), "2025-04-01");
    api_response_free(r);
    r = put_json("/v1/periods/2025-Q1", key, "{\"kind\":\"month\"}");
    api_assert_problem(r, 422);
    api_response_free(r);

    r = api_get("/v1/periods/2025-Q1", key);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/start"), "2025-01-01");
    api_response_free(r);

    /* a leap February, and a year */
    r = put_ok("/v1/periods/2024-02", key, NULL, 201);
    ck_assert_pstr_eq(api_json_string(r, "/kind"), "month");
    ck_assert_pstr_eq(api_json_string(r, "/end"), "2024-03-01");
    api_response_free(r);
    r = put_ok("/v1/periods/2025", key, "{}", 201);
    ck_assert_pstr_eq(api_json_string(r, "/kind"), "year");
    ck_assert_pstr_eq(api_json_string(r, "/start"), "2025-01-01");
    ck_assert_pstr_eq(api_json_string(r, "/end"), "2026-01-01");
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(bounds_follow_the_workspace_time_zone)
{
    char *key = api_new_workspace_key("defs-periods-msk", "admin");
    set_timezone("defs-periods-msk", "Europe/Moscow");
    /* Moscow is UTC+3 all year: local midnight is 21:00 UTC the day before */
    struct api_response *r = put_ok("/v1/periods/2025-Q1", key, NULL, 201);
    ck_assert_pstr_eq(api_json_string(r, "/start"), "2025-01-01");
    ck_assert_pstr_eq(api_json_string(r, "/starts_at"), "2024-12-31T21:00:00Z");
    ck_assert_pstr_eq(api_json_string(r, "/ends_at"), "2025-03-31T21:00:00Z");
    api_response_free(r);
    r = put_ok("/v1/periods/2025-02", key, NULL, 201);
    ck_assert_pstr_eq(api_json_string(r, "/starts_at"), "2025-01-31T21:00:00Z");
    ck_assert_pstr_eq(api_json_string(r, "/ends_at"), "2025-02-28T21:00:00Z");
    api_response_free(r);

    /* New York changes to summer time on 2025-03-09: April starts at UTC-4, March at UTC-5 */
    set_timezone("defs-periods-msk", "America/New_York");
    r = put_ok("/v1/periods/2025-03", key, NULL, 201);
    ck_assert_pstr_eq(api_json_string(r, "/starts_at"), "2025-03-01T05:00:00Z");
    ck_assert_pstr_eq(api_json_string(r, "/ends_at"), "2025-04-01T04:00:00Z");
    api_response_free(r);
    /* an open period's instants follow a changed zone when it is put again */
    r = put_ok("/v1/periods/2025-02", key, NULL, 200);
    ck_assert_pstr_eq(api_json_string(r, "/starts_at"), "2025-02-01T05:00:00Z");
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(malformed_ids_are_rejected)
{
    char *key = api_new_workspace_key(WORKSPACE, "admin");
    const char *bad[] = {"2025-13", "2025-Q5", "2025-q1", "2025-00", "25-01", "1969-12", "abc"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[64];
        snprintf(path, sizeof path, "/v1/periods/%s", bad[i]);
        struct api_response *r = put_json(path, key, NULL);
        api_assert_problem(r, 422);
        api_response_free(r);
        r = api_get(path, key);
        api_assert_problem(r, 404);
        api_response_free(r);
    }
    struct api_response *r = api_get("/v1/periods/2031-01", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(list_is_ordered_by_start_and_filtered_by_kind)
{
    char *key = api_new_workspace_key("defs-periods-list", "admin");
    const char *ids[] = {"2025-03", "2025-Q1", "2025-01", "2025-02"};
    for (size_t i = 0; i < 4; i++) {
        char path[64];
        snprintf(path, sizeof path, "/v1/periods/%s", ids[i]);
        api_response_free(put_ok(path, key, NULL, 201));
    }
    struct api_response *r = api_get("/v1/periods?kind=month", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 3);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/id"), "2025-01");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/id"), "2025-02");
    ck_assert_pstr_eq(api_json_string(r, "/items/2/id"), "2025-03");
    api_response_free(r);

    /* all kinds by (start, id): 2025-01 and 2025-Q1 start together */
    r = api_get("/v1/periods?limit=3", key);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/id"), "2025-01");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/id"), "2025-Q1");
    ck_assert_pstr_eq(api_json_string(r, "/items/2/id"), "2025-02");
    char path[256];
    snprintf(path, sizeof path, "/v1/periods?limit=3&cursor=%s",
             api_json_string(r, "/next_cursor"));
    struct api_response *next = api_get(path, key);
    api_assert_status(next, 200);
    ck_assert_int_eq(json_array_size(api_json_at(next, "/items")), 1);
    ck_assert_pstr_eq(api_json_string(next, "/items/0/id"), "2025-03");
    api_response_free(next);
    api_response_free(r);

    r = api_get("/v1/periods?kind=day", key);
    api_assert_problem(r, 422);
    api_response_free(r);
    free(key);
}
END_TEST

/* Defines the KPIs and periods the target and fact tests use, in workspace `ws`. */
static char *target_fixture(const char *ws)
{
    char *key = api_new_workspace_key(ws, "admin");
    const char *kpis[] = {
        "{\"code\":\"leads_m\",\"name\":\"Leads\",\"owner\":\"marketing\",\"metric\":\"leads\","
        "\"granularity\":\"month\"}",
        "{\"code\":\"sql_m\",\"name\":\"SQL share\",\"owner\":\"marketing\","
        "\"metric\":\"sql_share\",\"granularity\":\"month\",\"target\":{\"plan\":50}}",
        "{\"code\":\"cpl_m\",\"name\":\"CPL\",\"owner\":\"marketing\",\"metric\":\"cpl\","
        "\"granularity\":\"month\"}",
        "{\"code\":\"cac_q\",\"name\":\"CAC\",\"owner\":\"shared\",\"metric\":\"cac\","
        "\"granularity\":\"quarter\",\"target\":{\"plan\":18000}}",
        "{\"code\":\"reviews\",\"name\":\"Positive reviews\",\"owner\":\"sales\","
        "\"manual\":true,\"unit\":\"count\",\"direction\":\"higher_is_better\","
        "\"granularity\":\"month\"}",
    };
    for (size_t i = 0; i < sizeof kpis / sizeof kpis[0]; i++) {
        struct api_response *r = api_post_json("/v1/kpis", key, kpis[i]);
        api_assert_status(r, 201);
        api_response_free(r);
    }
    api_response_free(put_ok("/v1/periods/2025-01", key, NULL, 201));
    api_response_free(put_ok("/v1/periods/2025-Q1", key, NULL, 201));
    return key;
}

START_TEST(targets_are_checked_and_defaults_fill_in)
{
    char *key = target_fixture("defs-targets");
    struct api_response *r = put_ok("/v1/periods/2025-01/targets/leads_m", key,
                                    "{\"base\":100,\"plan\":120,\"stretch\":150}", 201);
    ck_assert_pstr_eq(api_json_string(r, "/kpi"), "leads_m");
    ck_assert_pstr_eq(api_json_string(r, "/source"), "period");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/plan")), 120);
    api_response_free(r);
    r = put_ok("/v1/periods/2025-01/targets/leads_m", key, "{\"plan\":130}", 200);
    ck_assert(json_is_null(api_json_at(r, "/base")));
    api_response_free(r);
    /* lower is better: base 1500 >= plan 1200 >= stretch 1000.5 */
    r = put_ok("/v1/periods/2025-01/targets/cpl_m", key,
               "{\"base\":1500,\"plan\":1200,\"stretch\":1000.5}", 201);
    ck_assert(json_number_value(api_json_at(r, "/stretch")) == 1000.5);
    api_response_free(r);

    /* GET: own targets, the SQL share's default, no quarter KPI, nothing for a KPI without */
    r = api_get("/v1/periods/2025-01/targets", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 3);
    json_t *leads = item_of(r, "leads_m"), *sql = item_of(r, "sql_m");
    ck_assert_str_eq(json_string_value(json_object_get(leads, "source")), "period");
    ck_assert(number_at(leads, "plan") == 130);
    ck_assert_str_eq(json_string_value(json_object_get(sql, "source")), "default");
    ck_assert(number_at(sql, "plan") == 50);
    ck_assert_ptr_null(item_of(r, "cac_q"));
    api_response_free(r);
    r = api_get("/v1/periods/2025-Q1/targets", key);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(item_of(r, "cac_q"), "source")), "default");
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(bad_targets_are_rejected)
{
    char *key = target_fixture("defs-targets-bad");
    /* granularity mismatch both ways */
    struct api_response *r = put_json("/v1/periods/2025-Q1/targets/leads_m", key, "{\"plan\":1}");
    api_assert_problem(r, 422);
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/targets/cac_q", key, "{\"plan\":1}");
    api_assert_problem(r, 422);
    api_response_free(r);
    /* order: lower is better needs base >= plan, higher is better stretch >= plan */
    r = put_json("/v1/periods/2025-Q1/targets/cac_q", key, "{\"base\":15000,\"plan\":18000}");
    assert_field_error(r, "/base");
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/targets/leads_m", key, "{\"plan\":120,\"stretch\":110}");
    assert_field_error(r, "/stretch");
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/targets/leads_m", key, "{\"base\":100}");
    assert_field_error(r, "/plan");
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/targets/leads_m", key, "{\"plan\":\"many\"}");
    assert_field_error(r, "/plan");
    api_response_free(r);
    /* unknown period or KPI */
    r = put_json("/v1/periods/2026-01/targets/leads_m", key, "{\"plan\":1}");
    api_assert_problem(r, 404);
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/targets/nope", key, "{\"plan\":1}");
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/periods/2026-01/targets", key);
    api_assert_problem(r, 404);
    api_response_free(r);
    /* nothing was stored */
    r = api_get("/v1/periods/2025-01/targets", key);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 1); /* sql_m's default */
    api_response_free(r);

    /* a closed period takes no new targets */
    free(api_sql_value("UPDATE periods SET closed_at = now() WHERE id = '2025-01'"
                       " AND workspace_id = (SELECT id FROM workspaces WHERE name = $1)"
                       " RETURNING 1",
                       "defs-targets-bad", NULL));
    r = put_json("/v1/periods/2025-01/targets/leads_m", key, "{\"plan\":1}");
    api_assert_problem(r, 409);
    api_response_free(r);
    r = api_get("/v1/periods/2025-01", key);
    ck_assert(json_is_true(api_json_at(r, "/closed")));
    ck_assert_ptr_nonnull(api_json_string(r, "/closed_at"));
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(manual_facts_only_for_manual_kpis)
{
    char *key = target_fixture("defs-facts");
    struct api_response *r =
        put_ok("/v1/periods/2025-01/facts/reviews", key, "{\"value\":90}", 201);
    ck_assert_pstr_eq(api_json_string(r, "/kpi"), "reviews");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/value")), 90);
    api_response_free(r);
    r = put_ok("/v1/periods/2025-01/facts/reviews", key, "{\"value\":95.5}", 200);
    ck_assert(json_number_value(api_json_at(r, "/value")) == 95.5);
    api_response_free(r);

    r = put_json("/v1/periods/2025-01/facts/leads_m", key, "{\"value\":1}");
    api_assert_problem(r, 422);
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/facts/reviews", key, "{\"value\":\"x\"}");
    assert_field_error(r, "/value");
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/facts/reviews", key, "{}");
    assert_field_error(r, "/value");
    api_response_free(r);
    r = put_json("/v1/periods/2025-Q1/facts/reviews", key, "{\"value\":1}");
    api_assert_problem(r, 422);
    api_response_free(r);
    r = put_json("/v1/periods/2025-02/facts/reviews", key, "{\"value\":1}");
    api_assert_problem(r, 404);
    api_response_free(r);

    r = api_get("/v1/periods/2025-01/facts", key);
    api_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 1);
    ck_assert(number_at(item_of(r, "reviews"), "value") == 95.5);
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(read_key_and_other_workspaces)
{
    char *key = target_fixture("defs-periods-scope");
    char *reader = api_new_workspace_key("defs-periods-scope", "read");
    char *other = api_new_workspace_key("defs-periods-scope-other", "admin");
    struct api_response *r = api_get("/v1/periods/2025-01", reader);
    api_assert_status(r, 200);
    api_response_free(r);
    r = api_get("/v1/periods/2025-01/targets", reader);
    api_assert_status(r, 200);
    api_response_free(r);
    r = put_json("/v1/periods/2025-02", reader, NULL);
    api_assert_problem(r, 403);
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/targets/leads_m", reader, "{\"plan\":1}");
    api_assert_problem(r, 403);
    api_response_free(r);
    r = put_json("/v1/periods/2025-01/facts/reviews", reader, "{\"value\":1}");
    api_assert_problem(r, 403);
    api_response_free(r);

    /* another workspace sees none of it and cannot target these KPIs */
    r = api_get("/v1/periods/2025-01", other);
    api_assert_problem(r, 404);
    api_response_free(r);
    api_response_free(put_ok("/v1/periods/2025-01", other, NULL, 201));
    r = put_json("/v1/periods/2025-01/targets/leads_m", other, "{\"plan\":1}");
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_get("/v1/periods/2025-01/targets", other);
    ck_assert_int_eq(json_array_size(api_json_at(r, "/items")), 0);
    api_response_free(r);
    free(other);
    free(reader);
    free(key);
}
END_TEST

Suite *api_periods_suite(void)
{
    Suite *s = suite_create("api_periods");
    TCase *tc = tcase_create("periods");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, quarter_bounds_in_utc);
    tcase_add_test(tc, bounds_follow_the_workspace_time_zone);
    tcase_add_test(tc, malformed_ids_are_rejected);
    tcase_add_test(tc, list_is_ordered_by_start_and_filtered_by_kind);
    tcase_add_test(tc, targets_are_checked_and_defaults_fill_in);
    tcase_add_test(tc, bad_targets_are_rejected);
    tcase_add_test(tc, manual_facts_only_for_manual_kpis);
    tcase_add_test(tc, read_key_and_other_workspaces);
    suite_add_tcase(s, tc);
    return s;
}
