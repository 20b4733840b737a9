/* API tests of the reporting schema: a workspace's reporting role reads its own rows from every
 * view, and nothing else (another workspace's rows, base tables, other schemas, any write);
 * revoke takes the access away. The checks connect over libpq as the role itself, as a BI
 * tool does. */
#include "client.h"
#include "reporting_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const VIEWS[] = {
    "leads", "deals", "channel_days", "periods", "kpi_results", "scorecard_results", "kpis",
    "payouts"};

static void post_ok(const char *key, const char *path, const char *json)
{
    struct api_response *r = api_post_json(path, key, json);
    ck_assert_msg(r->status == 200 || r->status == 201, "POST %s: %ld %s", path, r->status,
                  r->body);
    api_response_free(r);
}

static void put_ok(const char *key, const char *path, const char *json)
{
    struct api_response *r = api_request("PUT", path, key, "application/json", json);
    ck_assert_msg(r->status == 200 || r->status == 201, "PUT %s: %ld %s", path, r->status,
                  r->body);
    api_response_free(r);
}

/* A workspace with one row in every view, its channel, KPI, scorecard and person named after
 * it; January 2025 closed (so that its results, scorecards and payouts are frozen and shown). */
static void workspace_with_data(const char *workspace, const char *tag)
{
    char *key = api_new_workspace_key(workspace, "admin");
    char body[512];
    snprintf(body, sizeof body,
             "{\"source\":\"crm\",\"external_id\":\"L1\",\"channel\":\"%s\","
             "\"created_at\":\"2025-01-10T10:00:00Z\"}",
             tag);
    post_ok(key, "/v1/leads", body);
    post_ok(key, "/v1/deals",
            "{\"source\":\"crm\",\"external_id\":\"D1\",\"lead_external_id\":\"L1\","
            "\"amount\":1000,\"status\":\"won\",\"closed_at\":\"2025-01-20T10:00:00Z\"}");
    snprintf(body, sizeof body, "{\"channel\":\"%s\",\"date\":\"2025-01-05\",\"amount\":100}", tag);
    post_ok(key, "/v1/spend", body);
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"Leads\",\"owner\":\"marketing\",\"metric\":\"leads\","
             "\"granularity\":\"month\",\"target\":{\"plan\":1}}",
             tag);
    post_ok(key, "/v1/kpis", body);
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"Marketing\",\"granularity\":\"month\","
             "\"fixed_pay\":1000,\"bonus_base\":100,\"items\":[{\"kpi\":\"%s\",\"weight\":1}]}",
             tag, tag);
    post_ok(key, "/v1/scorecards", body);
    snprintf(body, sizeof body,
             "{\"code\":\"%s\",\"name\":\"Anna\",\"department\":\"marketing\","
             "\"hired_on\":\"2024-01-01\"}",
             tag);
    post_ok(key, "/v1/people", body);
    char path[128];
    snprintf(path, sizeof path, "/v1/people/%s/pay-plan", tag);
    snprintf(body, sizeof body,
             "{\"effective_from\":\"2025-01\",\"scorecard\":\"%s\",\"fixed_pay\":1000,"
             "\"bonus_base\":100}",
             tag);
    put_ok(key, path, body);
    post_ok(key, "/v1/periods/2025-01/close", "{\"force\":true}");
    free(key);
}

/* How many rows of `view` the connection sees, and how many of them carry `tag`. */
static void count_rows(PGconn *conn, const char *view, const char *tag, long *all, long *tagged)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) || ' ' || count(*) FILTER (WHERE v::text LIKE '%%%s%%')"
             " FROM reporting.%s v",
             tag, view);
    char *value = reporting_value(conn, sql);
    ck_assert_int_eq(sscanf(value, "%ld %ld", all, tagged), 2);
    free(value);
}

/* Appends a server notice to the buffer in arg (4096 bytes). */
static void collect_notice(void *arg, const char *message)
{
    char *seen = arg;
    size_t used = strlen(seen);
    snprintf(seen + used, 4096 - used, "%s", message);
}

START_TEST(role_sees_its_workspace_only)
{
    workspace_with_data("reporting-a", "alpha_seo");
    workspace_with_data("reporting-b", "bravo_ads");
    char *url = reporting_grant("reporting-a");
    PGconn *conn = reporting_connect(url);
    /* every view: exactly its one row (the other workspace has one just like it), none
     * naming the other workspace's channel, KPI or scorecard */
    for (size_t i = 0; i < sizeof VIEWS / sizeof VIEWS[0]; i++) {
        long all, own, other;
        count_rows(conn, VIEWS[i], "alpha_seo", &all, &own);
        ck_assert_msg(all == 1, "reporting.%s: %ld rows", VIEWS[i], all);
        count_rows(conn, VIEWS[i], "bravo_ads", &all, &other);
        ck_assert_msg(other == 0, "reporting.%s shows the other workspace", VIEWS[i]);
    }
    /* the frozen January: one result, one scorecard item, both of workspace a */
    char *v = reporting_value(conn, "SELECT kpi || ' ' || fact || ' ' || status || ' ' || closed"
                                    " FROM reporting.kpi_results WHERE period = '2025-01'");
    ck_assert_str_eq(v, "alpha_seo 1 met true");
    free(v);
    v = reporting_value(conn, "SELECT count(*) || ' ' || min(payout) || ' ' || min(kpi)"
                              " FROM reporting.scorecard_results");
    ck_assert_str_eq(v, "1 1100 alpha_seo");
    free(v);
    /* and Anna's statement: fact 1 of plan 1, index 1, fixed 1000 + bonus 100 */
    v = reporting_value(conn, "SELECT person || ' ' || fixed_pay || ' ' || bonus || ' ' || payout"
                              " FROM reporting.payouts WHERE period = '2025-01'");
    ck_assert_str_eq(v, "alpha_seo 1000.00 100.00 1100.00");
    free(v);
    v = reporting_value(conn, "SELECT count(*) FROM reporting.leads l JOIN reporting.deals d"
                              " ON d.lead_id = l.id WHERE l.channel = 'alpha_seo'");
    ck_assert_str_eq(v, "1");
    free(v);
    /* a function of the role's own, cheap enough to be run first, sees no hidden row: the
     * views are security barriers */
    free(reporting_value(conn, "CREATE FUNCTION pg_temp.peek(text) RETURNS bool LANGUAGE plpgsql"
                               " COST 0.0001 AS $$BEGIN RAISE NOTICE 'saw %', $1; RETURN true;"
                               " END$$; SELECT 1"));
    char seen[4096] = "";
    PQsetNoticeProcessor(conn, collect_notice, seen);
    free(reporting_value(conn, "SELECT count(*) FROM reporting.leads WHERE pg_temp.peek(channel)"));
    ck_assert_msg(strstr(seen, "saw alpha_seo") != NULL, "%s", seen);
    ck_assert_msg(strstr(seen, "bravo_ads") == NULL, "leaked: %s", seen);
    /* no base table, no other schema's table, not the role map */
    static const char *const tables[] = {
        "leads",      "deals",          "channel_stats",       "kpis",
        "periods",    "period_results", "period_snapshots",    "reporting_roles",
        "workspaces", "api_keys",       "results_stale_marks", "schema_migrations"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM public.%s", tables[i]);
        reporting_refused(conn, sql, "42501");
    }
    /* no write anywhere */
    reporting_refused(conn,
                      "INSERT INTO reporting.channel_days (day, channel, spend)"
                      " VALUES ('2025-01-06', 'alpha_seo', 1)",
                      "42501");
    reporting_refused(conn, "UPDATE reporting.kpis SET name = 'x'", "42501");
    reporting_refused(conn, "DELETE FROM reporting.leads", "42501");
    reporting_refused(conn,
                      "INSERT INTO public.channel_stats (workspace_id, channel, date, spend)"
                      " SELECT gen_random_uuid(), 'x', '2025-01-01', 1",
                      "42501");
    reporting_refused(conn, "CREATE TABLE reporting.mine (a int)", "42501");
    reporting_refused(conn, "CREATE TABLE public.mine (a int)", "42501");
    reporting_refused(conn, "CREATE VIEW reporting.mine AS SELECT 1", "42501");
    reporting_refused(conn, "SET ROLE kpid", "42501");
    PQfinish(conn);
    /* granting again rotates the password: same role, new connection string */
    char *again = reporting_grant("reporting-a");
    ck_assert_str_ne(again, url);
    ck_assert(strncmp(again, url, strcspn(url, ":") + 1) == 0);
    /* revoke: the role is gone, so is its access */
    reporting_revoke("reporting-a");
    PGconn *gone = PQconnectdb(again);
    ck_assert_msg(PQstatus(gone) != CONNECTION_OK, "still connects after revoke");
    PQfinish(gone);
    char *left = api_sql_value("SELECT count(*) FROM reporting_roles r JOIN workspaces w"
                               " ON w.id = r.workspace_id WHERE w.name = 'reporting-a'");
    ck_assert_str_eq(left, "0");
    free(left);
    free(again);
    free(url);
}
END_TEST

Suite *api_reporting_suite(void)
{
    Suite *s = suite_create("api_reporting");
    TCase *tc = tcase_create("reporting");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, role_sees_its_workspace_only);
    suite_add_tcase(s, tc);
    return s;
}
