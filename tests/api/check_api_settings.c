/* API tests of GET/PUT /v1/settings: defaults, validation, and reaction times recomputed when
 * the time zone or the calendar changes. */
#include "ingest_util.h"

#include <stdlib.h>
#include <string.h>

#define SETTINGS "/v1/settings"

START_TEST(a_new_workspace_has_the_defaults)
{
    char *key = ingest_workspace("settings-defaults");
    struct api_response *r = api_get(SETTINGS, key);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/timezone"), "UTC");
    ck_assert_pstr_eq(api_json_string(r, "/currency"), "RUB");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/workday_minutes")), 480);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/dedupe_window_days")), 30);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/target_regions")), 0);
    ck_assert_pstr_eq(api_json_string(r, "/calendar/week/mon/0/0"), "09:00");
    ck_assert_pstr_eq(api_json_string(r, "/calendar/week/fri/0/1"), "18:00");
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/calendar/week/sat")), 0);
    ck_assert(json_is_null(api_json_at(r, "/updated_at")));
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(put_stores_what_it_sends_and_keeps_the_rest)
{
    char *key = ingest_workspace("settings-put");
    struct api_response *r = api_sendf(
        "PUT", SETTINGS, key,
        "{\"timezone\":\"Asia/Yekaterinburg\",\"currency\":\"USD\","
        "\"workday_minutes\":240,\"target_regions\":[\"Ural\",\"Saint Petersburg\"],"
        "\"calendar\":{\"week\":{\"mon\":[[\"09:00\",\"13:00\"],[\"14:00\",\"18:00\"]],"
        "\"tue\":[],\"wed\":[],\"thu\":[],\"fri\":[],\"sat\":[],\"sun\":[]},"
        "\"holidays\":[\"2025-01-01\"],"
        "\"extra_workdays\":[{\"date\":\"2025-11-01\",\"hours\":[[\"10:00\",\"15:00\"]]}]}}");
    api_assert_status(r, 200);
    api_response_free(r);
    r = api_sendf("PUT", SETTINGS, key, "{\"dedupe_window_days\":7}");
    api_assert_status(r, 200);
    api_response_free(r);
    r = api_get(SETTINGS, key);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/timezone"), "Asia/Yekaterinburg");
    ck_assert_pstr_eq(api_json_string(r, "/currency"), "USD");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/workday_minutes")), 240);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/dedupe_window_days")), 7);
    ck_assert_pstr_eq(api_json_string(r, "/target_regions/1"), "Saint Petersburg");
    ck_assert_pstr_eq(api_json_string(r, "/calendar/week/mon/1/0"), "14:00");
    ck_assert_pstr_eq(api_json_string(r, "/calendar/holidays/0"), "2025-01-01");
    ck_assert_pstr_eq(api_json_string(r, "/calendar/extra_workdays/0/date"), "2025-11-01");
    ck_assert_ptr_nonnull(api_json_string(r, "/updated_at"));
    api_response_free(r);
    free(key);
}
END_TEST

/* PUTs body and asserts a 422 naming `field`; the settings stay the defaults. */
static void assert_rejected(const char *key, const char *body, const char *field)
{
    struct api_response *r = api_request("PUT", SETTINGS, key, "application/json", body);
    api_assert_problem(r, 422);
    assert_field_error(r, field);
    api_response_free(r);
    r = api_get(SETTINGS, key);
    ck_assert_pstr_eq(api_json_string(r, "/timezone"), "UTC");
    api_response_free(r);
}

#define WEEK_REST "\"tue\":[],\"wed\":[],\"thu\":[],\"fri\":[],\"sat\":[],\"sun\":[]"

START_TEST(invalid_settings_are_422_and_change_nothing)
{
    char *key = ingest_workspace("settings-invalid");
    assert_rejected(key, "{\"timezone\":\"Mars/Olympus\"}", "/timezone");
    assert_rejected(key, "{\"timezone\":\"Europe/Moscow\",\"currency\":\"rub\"}", "/currency");
    assert_rejected(key, "{\"workday_minutes\":0}", "/workday_minutes");
    assert_rejected(key, "{\"dedupe_window_days\":-1}", "/dedupe_window_days");
    assert_rejected(key, "{\"target_regions\":\"Moscow\"}", "/target_regions");
    assert_rejected(key, "{\"target_regions\":[\"\"]}", "/target_regions");
    assert_rejected(key, "{\"locale\":\"ru\"}", "/locale");
    assert_rejected(key, "{\"calendar\":{\"week\":{\"mon\":[]}}}", "/calendar/week/tue");
    assert_rejected(key,
                    "{\"calendar\":{\"week\":{\"mon\":[[\"18:00\",\"09:00\"]]," WEEK_REST "}}}",
                    "/calendar/week/mon");
    assert_rejected(
        key,
        "{\"calendar\":{\"week\":{\"mon\":[[\"09:00\",\"13:00\"],[\"12:00\",\"18:00\"]]," WEEK_REST
        "}}}",
        "/calendar/week/mon");
    assert_rejected(key, "{\"calendar\":{\"week\":{\"mon\":[[\"9:00\",\"18:00\"]]," WEEK_REST "}}}",
                    "/calendar/week/mon");
    assert_rejected(
        key, "{\"calendar\":{\"week\":{\"mon\":[]," WEEK_REST "},\"holidays\":[\"2025-02-30\"]}}",
        "/calendar/holidays/0");
    assert_rejected(
        key,
        "{\"calendar\":{\"week\":{\"mon\":[]," WEEK_REST "},\"holidays\":[\"2025-11-01\"],"
        "\"extra_workdays\":[{\"date\":\"2025-11-01\",\"hours\":[[\"09:00\",\"18:00\"]]}]}}",
        "/calendar");
    assert_rejected(key, "{\"calendar\":{\"week\":{\"mon\":[]," WEEK_REST "},\"weekends\":[]}}",
                    "/calendar/weekends");
    free(key);
}
END_TEST

static double reaction_of(const char *key, const char *id)
{
    struct api_response *r = api_get(ingest_path("/v1/leads", id), key);
    api_assert_status(r, 200);
    double minutes = json_number_value(api_json_at(r, "/reaction_minutes"));
    api_response_free(r);
    return minutes;
}

START_TEST(reaction_minutes_follow_the_time_zone_and_calendar)
{
    char *key = ingest_workspace("settings-reaction");
    /* Friday 2025-01-17 20:00 Moscow (17:00 UTC) to Monday 2025-01-20 09:10 Moscow (06:10 UTC) */
    struct api_response *r =
        api_sendf("POST", "/v1/leads", key,
                  "{\"channel\":\"seo\",\"created_at\":\"2025-01-17T17:00:00Z\","
                  "\"first_contact_at\":\"2025-01-20T06:10:00Z\"}");
    api_assert_status(r, 201);
    char *id = strdup(api_json_string(r, "/id"));
    api_response_free(r);
    /* in UTC: Friday 17:00-18:00 = 60; Monday 06:10 is before 09:00 */
    ck_assert(reaction_of(key, id) == 60);

    r = api_sendf("PUT", SETTINGS, key, "{\"timezone\":\"Europe/Moscow\"}");
    api_assert_status(r, 200);
    api_response_free(r);
    /* in Moscow: Friday 20:00 is after hours; Monday 09:00-09:10 = 10 */
    ck_assert(reaction_of(key, id) == 10);

    r = api_sendf("PUT", SETTINGS, key,
                  "{\"calendar\":{\"week\":{\"mon\":[[\"08:00\",\"18:00\"]],"
                  "\"tue\":[[\"09:00\",\"18:00\"]],\"wed\":[[\"09:00\",\"18:00\"]],"
                  "\"thu\":[[\"09:00\",\"18:00\"]],\"fri\":[[\"09:00\",\"21:00\"]],"
                  "\"sat\":[],\"sun\":[]}}}");
    api_assert_status(r, 200);
    api_response_free(r);
    /* Friday 20:00-21:00 = 60, Monday 08:00-09:10 = 70: 130 */
    ck_assert(reaction_of(key, id) == 130);

    r = api_sendf("PUT", SETTINGS, key,
                  "{\"calendar\":{\"week\":{\"mon\":[[\"08:00\",\"18:00\"]],"
                  "\"tue\":[[\"09:00\",\"18:00\"]],\"wed\":[[\"09:00\",\"18:00\"]],"
                  "\"thu\":[[\"09:00\",\"18:00\"]],\"fri\":[[\"09:00\",\"21:00\"]],"
                  "\"sat\":[],\"sun\":[]},\"holidays\":[\"2025-01-20\"]}}");
    api_assert_status(r, 200);
    api_response_free(r);
    /* Monday is a holiday now: only Friday's 60 */
    ck_assert(reaction_of(key, id) == 60);
    free(id);
    free(key);
}
END_TEST

START_TEST(reading_needs_read_and_writing_needs_admin)
{
    char *reader = api_new_workspace_key("settings-scopes", "read");
    struct api_response *get = api_get(SETTINGS, reader);
    api_assert_status(get, 200);
    struct api_response *put = api_sendf("PUT", SETTINGS, reader, "{\"currency\":\"EUR\"}");
    api_assert_problem(put, 403);
    char *ingest = api_new_workspace_key("settings-scopes", "ingest");
    struct api_response *put2 = api_sendf("PUT", SETTINGS, ingest, "{\"currency\":\"EUR\"}");
    api_assert_problem(put2, 403);
    api_response_free(put2);
    free(ingest);
    api_response_free(put);
    api_response_free(get);
    free(reader);
}
END_TEST

Suite *api_settings_suite(void)
{
    Suite *s = suite_create("api_settings");
    TCase *tc = tcase_create("settings");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_new_workspace_has_the_defaults);
    tcase_add_test(tc, put_stores_what_it_sends_and_keeps_the_rest);
    tcase_add_test(tc, invalid_settings_are_422_and_change_nothing);
    tcase_add_test(tc, reaction_minutes_follow_the_time_zone_and_calendar);
    tcase_add_test(tc, reading_needs_read_and_writing_needs_admin);
    suite_add_tcase(s, tc);
    return s;
}
