/* The dashboard's files: served without a key, with their content types, a strict
 * Content-Security-Policy, nosniff and revalidation by ETag; nothing else under /ui/. */
#include "client.h"

#include <stdlib.h>
#include <string.h>

/* The headers every dashboard file carries. */
static void assert_safe_headers(const struct api_response *r)
{
    const char *csp = api_header(r, "Content-Security-Policy");
    ck_assert_ptr_nonnull(csp);
    ck_assert_ptr_nonnull(strstr(csp, "default-src 'self'"));
    ck_assert_ptr_nonnull(strstr(csp, "frame-ancestors 'none'"));
    ck_assert_ptr_null(strstr(csp, "unsafe-inline"));
    ck_assert_pstr_eq(api_header(r, "X-Content-Type-Options"), "nosniff");
    ck_assert_pstr_eq(api_header(r, "Cache-Control"), "no-cache");
    ck_assert_ptr_nonnull(api_header(r, "ETag"));
}

START_TEST(page_is_served_at_the_root)
{
    struct api_response *r = api_get("/", NULL);
    api_assert_status(r, 200);
    ck_assert(api_content_type_is(r, "text/html"));
    assert_safe_headers(r);
    ck_assert_ptr_nonnull(strstr(r->body, "<script src=\"/ui/app.js\" type=\"module\">"));
    ck_assert_ptr_null(strstr(r->body, "style=\""));
    api_response_free(r);
}
END_TEST

START_TEST(files_carry_their_content_types)
{
    static const struct {
        const char *path, *type;
    } files[] = {
        {"/ui/app.js", "text/javascript"},
        {"/ui/uPlot.iife.min.js", "text/javascript"},
        {"/ui/app.css", "text/css"},
        {"/ui/favicon.svg", "image/svg+xml"},
        {"/ui/uPlot.LICENSE.txt", "text/plain"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        struct api_response *r = api_get(files[i].path, NULL);
        api_assert_status(r, 200);
        ck_assert_msg(api_content_type_is(r, files[i].type), "%s: %s", files[i].path,
                      r->content_type);
        assert_safe_headers(r);
        api_response_free(r);
    }
}
END_TEST

START_TEST(a_current_copy_is_answered_304)
{
    struct api_response *first = api_get("/ui/app.js", NULL);
    api_assert_status(first, 200);
    char if_none_match[128];
    snprintf(if_none_match, sizeof if_none_match, "If-None-Match: %s", api_header(first, "ETag"));
    struct api_response *again = api_request("GET", "/ui/app.js", NULL, NULL, NULL, if_none_match);
    api_assert_status(again, 304);
    ck_assert_uint_eq(again->len, 0);
    struct api_response *stale =
        api_request("GET", "/ui/app.js", NULL, NULL, NULL, "If-None-Match: \"0000000000000000\"");
    api_assert_status(stale, 200);
    ck_assert_uint_eq(stale->len, first->len);
    api_response_free(first);
    api_response_free(again);
    api_response_free(stale);
}
END_TEST

START_TEST(only_dashboard_files_are_served)
{
    static const char *const paths[] = {"/ui/nope.js", "/ui/..%2F..%2Fopenapi.yaml", "/ui/%2E%2E",
                                        "/ui/README"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct api_response *r = api_get(paths[i], NULL);
        api_assert_problem(r, 404);
        api_response_free(r);
    }
}
END_TEST

Suite *api_dashboard_suite(void)
{
    Suite *s = suite_create("api_dashboard");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, page_is_served_at_the_root);
    tcase_add_test(tc, files_carry_their_content_types);
    tcase_add_test(tc, a_current_copy_is_answered_304);
    tcase_add_test(tc, only_dashboard_files_are_served);
    suite_add_tcase(s, tc);
    return s;
}
