/* API tests of read routing: the harness points KPID_DATABASE_READ_URL at the same PostgreSQL,
 * so the analytical reads say they came from the replica, with its lag; the rest do not. */
#include "client.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void assert_source(const struct api_response *r, const char *pattern)
{
    const char *source = api_header(r, "KPID-Read-Source");
    ck_assert_msg(source != NULL, "%s %s: no KPID-Read-Source header", r->method, r->path);
    regex_t re;
    ck_assert_int_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
    int rc = regexec(&re, source, 0, NULL, 0);
    regfree(&re);
    ck_assert_msg(rc == 0, "%s %s: KPID-Read-Source '%s' does not match %s", r->method, r->path,
                  source, pattern);
}

#define REPLICA "^replica; lag=[0-9]+\\.[0-9]{3}s$"

START_TEST(analytical_reads_come_from_the_replica)
{
    static const char *const paths[] = {
        "/v1/periods/2025-01/results",
        "/v1/periods/2025-01/scorecards",
        "/v1/periods/2025-01/funnel",
        "/v1/periods/2025-01/channels",
        "/v1/leads",
        "/v1/deals",
        "/v1/spend",
        "/v1/nps-responses",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct api_response *r = api_get(paths[i], api_admin_key());
        api_assert_status(r, 200);
        assert_source(r, REPLICA);
        api_response_free(r);
    }
}
END_TEST

START_TEST(strong_consistency_reads_the_primary)
{
    struct api_response *r =
        api_get("/v1/periods/2025-01/results?consistency=strong", api_admin_key());
    api_assert_status(r, 200);
    assert_source(r, "^primary$");
    api_response_free(r);

    r = api_get("/v1/leads?consistency=eventual", api_admin_key());
    api_assert_status(r, 200);
    assert_source(r, REPLICA);
    api_response_free(r);

    r = api_get("/v1/leads?consistency=linearizable", api_admin_key());
    api_assert_problem(r, 422);
    ck_assert_pstr_eq(api_json_string(r, "/errors/0/field"), "/consistency");
    api_response_free(r);
}
END_TEST

START_TEST(writes_and_own_reads_stay_on_the_primary)
{
    struct api_response *w = api_post_json("/v1/leads", api_admin_key(),
                                           "{\"source\":\"read-routing\",\"external_id\":\"r1\","
                                           "\"created_at\":\"2025-01-15T10:00:00Z\","
                                           "\"channel\":\"seo\"}");
    ck_assert_msg(w->status == 201 || w->status == 200, "POST /v1/leads: %ld %s", w->status,
                  w->body);
    ck_assert_ptr_null(api_header(w, "KPID-Read-Source"));
    char path[128];
    snprintf(path, sizeof path, "/v1/leads/%s", api_json_string(w, "/id"));
    struct api_response *r = api_get(path, api_admin_key());
    api_assert_status(r, 200);
    ck_assert_ptr_null(api_header(r, "KPID-Read-Source"));
    api_response_free(r);
    api_response_free(w);

    /* a lead just written is in the list read from the replica (here, the same server) */
    r = api_get("/v1/leads?source=read-routing", api_admin_key());
    api_assert_status(r, 200);
    assert_source(r, REPLICA);
    ck_assert_int_ge(json_array_size(api_json_at(r, "/items")), 1);
    api_response_free(r);
}
END_TEST

Suite *api_read_routing_suite(void)
{
    Suite *s = suite_create("api_read_routing");
    TCase *tc = tcase_create("read_routing");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, analytical_reads_come_from_the_replica);
    tcase_add_test(tc, strong_consistency_reads_the_primary);
    tcase_add_test(tc, writes_and_own_reads_stay_on_the_primary);
    suite_add_tcase(s, tc);
    return s;
}
