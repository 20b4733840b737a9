/* API tests of the deals endpoints: lead resolution, idempotent create, validation, the lead's
 * stage, batches, patches, lists and workspace isolation. */
#include "ingest_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEALS "/v1/deals"

/* Creates a lead in the workspace of `key` and returns its id (free it). */
static char *create_lead(const char *key, const char *source, const char *external_id,
                         const char *channel)
{
    struct api_response *r = api_sendf(
        "POST", "/v1/leads", key,
        "{\"source\":\"%s\",\"external_id\":\"%s\",\"channel\":\"%s\","
        "\"created_at\":\"2025-01-15T10:00:00Z\",\"contact\":{\"email\":\"%s@example.com\"}}",
        source, external_id, channel, external_id);
    api_assert_status(r, 201);
    char *id = strdup(api_json_string(r, "/id"));
    api_response_free(r);
    return id;
}

static const char *lead_stage(const char *key, const char *lead_id, struct api_response **hold)
{
    *hold = api_get(ingest_path("/v1/leads", lead_id), key);
    api_assert_status(*hold, 200);
    return api_json_string(*hold, "/stage");
}

/* POSTs body and asserts a 422 naming `field`. */
static void assert_rejected(const char *key, const char *body, const char *field)
{
    struct api_response *r = api_post_json(DEALS, key, body);
    api_assert_problem(r, 422);
    assert_field_error(r, field);
    api_response_free(r);
}

START_TEST(deal_resolves_its_lead_and_takes_its_channel)
{
    char *key = ingest_workspace("deals-resolve");
    char *lead = create_lead(key, "amo", "L-1", "yandex_direct");
    const char *body = "{\"source\":\"amo\",\"external_id\":\"D-1\",\"lead_external_id\":\"L-1\","
                       "\"amount\":1500.5,\"client_ref\":\"C-9\"}";
    struct api_response *r = api_post_json(DEALS, key, body);
    api_assert_status(r, 201);
    ck_assert_pstr_eq(api_json_string(r, "/lead_id"), lead);
    ck_assert_pstr_eq(api_json_string(r, "/channel"), "yandex_direct");
    ck_assert_pstr_eq(api_json_string(r, "/status"), "open");
    ck_assert(json_real_value(api_json_at(r, "/amount")) == 1500.5);
    ck_assert_pstr_eq(api_header(r, "Location"), ingest_path(DEALS, api_json_string(r, "/id")));
    struct api_response *again = api_post_json(DEALS, key, body);
    api_assert_status(again, 200);
    ck_assert_str_eq(again->body, r->body);
    ck_assert_int_eq(ingest_count("deals", "deals-resolve"), 1);
    struct api_response *got = api_get(ingest_path(DEALS, api_json_string(r, "/id")), key);
    api_assert_status(got, 200);
    ck_assert_str_eq(got->body, r->body);
    api_response_free(got);
    api_response_free(again);
    api_response_free(r);
    free(lead);
    free(key);
}
END_TEST

/* An ingest-only key patching or re-posting a deal sees its id and what it sent, never the
 * rest of the stored deal (which it could not GET). */
START_TEST(an_ingest_key_is_shown_only_what_it_wrote)
{
    char *admin = ingest_workspace("deals-ingest-only");
    char *ingest = api_new_workspace_key("deals-ingest-only", "ingest");
    char *lead = create_lead(admin, "amo", "L-7", "seo");
    struct api_response *r = api_post_json(
        DEALS, admin,
        "{\"source\":\"amo\",\"external_id\":\"D-7\",\"lead_external_id\":\"L-7\","
        "\"amount\":900,\"client_ref\":\"C-secret\"}");
    api_assert_status(r, 201);
    char *id = strdup(api_json_string(r, "/id"));
    api_response_free(r);

    r = api_sendf("PATCH", ingest_path(DEALS, id), ingest, "{}");
    api_assert_status(r, 200);
    ck_assert_int_eq(json_object_size(r->json), 1);
    ck_assert_pstr_eq(api_json_string(r, "/id"), id);
    api_response_free(r);

    r = api_post_json(DEALS, ingest,
                      "{\"source\":\"amo\",\"external_id\":\"D-7\",\"amount\":950}");
    api_assert_status(r, 200);
    ck_assert_int_eq(json_object_size(r->json), 4); /* id, source, external_id, amount */
    ck_assert_pstr_eq(api_json_string(r, "/id"), id);
    ck_assert(json_number_value(api_json_at(r, "/amount")) == 950);
    ck_assert_ptr_null(api_json_at(r, "/client_ref"));
    ck_assert_ptr_null(api_json_at(r, "/lead_id"));
    api_response_free(r);

    r = api_get(ingest_path(DEALS, id), admin);
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/client_ref"), "C-secret");
    ck_assert_pstr_eq(api_json_string(r, "/lead_id"), lead);
    api_response_free(r);
    free(id);
    free(lead);
    free(ingest);
    free(admin);
}
END_TEST

START_TEST(lead_external_id_is_looked_up_with_the_deals_source)
{
    char *key = ingest_workspace("deals-source");
    char *lead = create_lead(key, "bitrix", "L-2", "seo");
    /* the same external id under another source names no lead */
    assert_rejected(key, "{\"source\":\"amo\",\"lead_external_id\":\"L-2\",\"amount\":1}",
                    "/lead_external_id");
    assert_rejected(key, "{\"lead_id\":\"00000000-0000-4000-8000-000000000000\",\"amount\":1}",
                    "/lead_id");
    struct api_response *r = api_sendf(
        "POST", DEALS, key,
        "{\"source\":\"bitrix\",\"lead_external_id\":\"L-2\",\"amount\":1,\"channel\":\"ads\"}");
    api_assert_status(r, 201);
    ck_assert_pstr_eq(api_json_string(r, "/lead_id"), lead);
    ck_assert_pstr_eq(api_json_string(r, "/channel"), "ads");
    api_response_free(r);
    ck_assert_int_eq(ingest_count("deals", "deals-source"), 1);
    free(lead);
    free(key);
}
END_TEST

START_TEST(invalid_deals_are_422_per_field)
{
    const char *key = api_admin_key();
    assert_rejected(key, "{\"status\":\"open\"}", "/amount");
    assert_rejected(key, "{\"amount\":-1}", "/amount");
    assert_rejected(key, "{\"amount\":10.555}", "/amount");
    assert_rejected(key, "{\"amount\":\"10\"}", "/amount");
    assert_rejected(key, "{\"amount\":1,\"status\":\"paid\"}", "/status");
    assert_rejected(key, "{\"amount\":1,\"status\":\"won\"}", "/closed_at");
    assert_rejected(key, "{\"amount\":1,\"status\":\"lost\",\"closed_at\":null}", "/closed_at");
    assert_rejected(key, "{\"amount\":1,\"closed_at\":\"2025-01-15 10:00\"}", "/closed_at");
    assert_rejected(key, "{\"amount\":1,\"lead_id\":\"42\"}", "/lead_id");
    assert_rejected(key,
                    "{\"amount\":1,\"lead_id\":\"00000000-0000-4000-8000-000000000000\","
                    "\"lead_external_id\":\"x\"}",
                    "/lead_external_id");
    assert_rejected(key, "{\"amount\":1,\"discount\":5}", "/discount");
}
END_TEST

START_TEST(a_won_deal_moves_its_lead_to_won_unless_lost)
{
    char *key = ingest_workspace("deals-stage");
    char *lead = create_lead(key, "api", "L-3", "seo");
    struct api_response *hold;
    ck_assert_pstr_eq(lead_stage(key, lead, &hold), "new");
    api_response_free(hold);
    struct api_response *d = api_sendf("POST", DEALS, key,
                                       "{\"external_id\":\"D-3\",\"lead_id\":\"%s\",\"amount\":100,"
                                       "\"status\":\"won\",\"closed_at\":\"2025-02-01T10:00:00Z\"}",
                                       lead);
    api_assert_status(d, 201);
    ck_assert_pstr_eq(lead_stage(key, lead, &hold), "won");
    api_response_free(hold);

    /* the deal falls through: back to the lead's own steps */
    struct api_response *p = api_sendf("PATCH", ingest_path(DEALS, api_json_string(d, "/id")), key,
                                       "{\"status\":\"lost\"}");
    api_assert_status(p, 200);
    ck_assert_pstr_eq(api_json_string(p, "/closed_at"), "2025-02-01T10:00:00Z");
    ck_assert_pstr_eq(lead_stage(key, lead, &hold), "new");
    api_response_free(hold);
    api_response_free(p);

    /* a lost lead stays lost whatever its deals */
    p = api_sendf("PATCH", ingest_path("/v1/leads", lead), key,
                  "{\"lost_at\":\"2025-02-02T10:00:00Z\"}");
    api_assert_status(p, 200);
    api_response_free(p);
    p = api_sendf("PATCH", ingest_path(DEALS, api_json_string(d, "/id")), key,
                  "{\"status\":\"won\"}");
    api_assert_status(p, 200);
    ck_assert_pstr_eq(lead_stage(key, lead, &hold), "lost");
    api_response_free(hold);
    api_response_free(p);
    api_response_free(d);
    free(lead);
    free(key);
}
END_TEST

/* A deal keeps copies of its lead's creation time, validity, campaign and utm_source for the
 * results; a PATCH of the lead passes the new ones on. A lead without deals is patched the
 * same (nothing to pass on). */
START_TEST(a_patched_lead_passes_its_facts_to_its_deals)
{
    char *key = ingest_workspace("deals-facts");
    char *lead = create_lead(key, "amo", "L-F", "seo");
    char *alone = create_lead(key, "amo", "L-G", "seo");
    struct api_response *d = api_sendf("POST", DEALS, key,
                                       "{\"external_id\":\"D-F\",\"lead_id\":\"%s\",\"amount\":100,"
                                       "\"status\":\"won\",\"closed_at\":\"2025-03-01T10:00:00Z\"}",
                                       lead);
    api_assert_status(d, 201);
    const char *copies = "SELECT to_char(lead_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"
                         " || ' ' || coalesce(lead_campaign, '-') FROM deals WHERE id = $1";
    char *before = api_sql_value(copies, api_json_string(d, "/id"));
    ck_assert_pstr_eq(before, "2025-01-15 10:00 -");
    free(before);

    struct api_response *p = api_sendf("PATCH", ingest_path("/v1/leads", lead), key,
                                       "{\"created_at\":\"2025-02-10T09:00:00Z\","
                                       "\"campaign\":\"spring\"}");
    api_assert_status(p, 200);
    api_response_free(p);
    char *after = api_sql_value(copies, api_json_string(d, "/id"));
    ck_assert_pstr_eq(after, "2025-02-10 09:00 spring");
    free(after);

    p = api_sendf("PATCH", ingest_path("/v1/leads", alone), key,
                  "{\"created_at\":\"2025-02-11T09:00:00Z\"}");
    api_assert_status(p, 200);
    ck_assert_pstr_eq(api_json_string(p, "/created_at"), "2025-02-11T09:00:00Z");
    api_response_free(p);
    api_response_free(d);
    free(alone);
    free(lead);
    free(key);
}
END_TEST

START_TEST(patch_checks_the_merged_deal)
{
    char *key = ingest_workspace("deals-patch");
    struct api_response *d = api_post_json(DEALS, key, "{\"amount\":100}");
    api_assert_status(d, 201);
    const char *path = ingest_path(DEALS, api_json_string(d, "/id"));
    char where[128];
    snprintf(where, sizeof where, "%s", path);
    struct api_response *p = api_sendf("PATCH", where, key, "{\"status\":\"won\"}");
    api_assert_problem(p, 422);
    assert_field_error(p, "/closed_at");
    api_response_free(p);
    p = api_sendf("PATCH", where, key,
                  "{\"status\":\"won\",\"closed_at\":\"2025-03-01T12:00:00+03:00\","
                  "\"amount\":250.25,\"gross_margin\":-10}");
    api_assert_status(p, 200);
    ck_assert_pstr_eq(api_json_string(p, "/status"), "won");
    ck_assert_pstr_eq(api_json_string(p, "/closed_at"), "2025-03-01T09:00:00Z");
    ck_assert(json_real_value(api_json_at(p, "/amount")) == 250.25);
    ck_assert_int_eq(json_integer_value(api_json_at(p, "/gross_margin")), -10);
    api_response_free(p);
    p = api_sendf("PATCH", where, key, "{\"closed_at\":null}");
    api_assert_problem(p, 422);
    api_response_free(p);
    p = api_sendf("PATCH", where, key, "{\"external_id\":\"x\"}");
    api_assert_problem(p, 422);
    api_response_free(p);
    p = api_sendf("PATCH", ingest_path(DEALS, "00000000-0000-4000-8000-000000000000"), key,
                  "{\"amount\":1}");
    api_assert_problem(p, 404);
    api_response_free(p);
    api_response_free(d);
    free(key);
}
END_TEST

START_TEST(batch_reports_each_deal)
{
    char *key = ingest_workspace("deals-batch");
    char *lead = create_lead(key, "api", "L-4", "seo");
    struct api_response *r = api_post_json(
        "/v1/deals/batch", key,
        "{\"items\":[{\"external_id\":\"B-1\",\"lead_external_id\":\"L-4\",\"amount\":1},"
        "{\"external_id\":\"B-2\",\"lead_external_id\":\"nobody\",\"amount\":1},"
        "{\"external_id\":\"B-3\",\"amount\":-5},"
        "{\"external_id\":\"B-1\",\"amount\":2}]}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/status"), "created");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/status"), "error");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/errors/0/field"), "/items/1/lead_external_id");
    ck_assert_pstr_eq(api_json_string(r, "/items/2/errors/0/field"), "/items/2/amount");
    ck_assert_pstr_eq(api_json_string(r, "/items/3/status"), "updated");
    ck_assert_int_eq(ingest_count("deals", "deals-batch"), 1);
    struct api_response *d = api_get(ingest_path(DEALS, api_json_string(r, "/items/0/id")), key);
    ck_assert_int_eq(json_integer_value(api_json_at(d, "/amount")), 2);
    ck_assert_pstr_eq(api_json_string(d, "/lead_id"), lead); /* kept: not in the repeat */
    api_response_free(d);
    api_response_free(r);
    free(lead);
    free(key);
}
END_TEST

static size_t list_count(const char *path, const char *key)
{
    struct api_response *r = api_get(path, key);
    api_assert_status(r, 200);
    size_t n = json_array_size(api_json_at(r, "/items"));
    api_response_free(r);
    return n;
}

START_TEST(list_filters_and_pages)
{
    char *key = ingest_workspace("deals-list");
    const char *bodies[] = {
        "{\"amount\":1,\"channel\":\"seo\"}",
        "{\"amount\":2,\"channel\":\"seo\",\"status\":\"won\",\"closed_at\":\"2025-01-20T10:00:"
        "00Z\"}",
        "{\"amount\":3,\"channel\":\"ads\",\"status\":\"won\",\"closed_at\":\"2025-02-20T10:00:"
        "00Z\"}",
        "{\"amount\":4,\"channel\":\"ads\",\"status\":\"lost\",\"closed_at\":\"2025-02-21T10:00:"
        "00Z\"}",
    };
    for (int i = 0; i < 4; i++) {
        struct api_response *r = api_post_json(DEALS, key, bodies[i]);
        api_assert_status(r, 201);
        api_response_free(r);
    }
    ck_assert_uint_eq(list_count("/v1/deals", key), 4);
    ck_assert_uint_eq(list_count("/v1/deals?status=won", key), 2);
    ck_assert_uint_eq(list_count("/v1/deals?channel=ads", key), 2);
    ck_assert_uint_eq(list_count("/v1/deals?from=2025-02-01T00:00:00Z", key), 2);
    ck_assert_uint_eq(
        list_count("/v1/deals?from=2025-01-01T00:00:00Z&to=2025-02-21T10:00:00Z", key), 2);
    struct api_response *page = api_get("/v1/deals?limit=3", key);
    ck_assert_uint_eq(json_array_size(api_json_at(page, "/items")), 3);
    char next[512];
    snprintf(next, sizeof next, "/v1/deals?limit=3&cursor=%s",
             api_json_string(page, "/next_cursor"));
    struct api_response *rest = api_get(next, key);
    ck_assert_uint_eq(json_array_size(api_json_at(rest, "/items")), 1);
    ck_assert(json_is_null(api_json_at(rest, "/next_cursor")));
    ck_assert_pstr_eq(api_json_string(rest, "/items/0/status"), "lost");
    struct api_response *bad = api_get("/v1/deals?status=paid", key);
    api_assert_problem(bad, 422);
    api_response_free(bad);
    api_response_free(rest);
    api_response_free(page);
    free(key);
}
END_TEST

START_TEST(another_workspace_cannot_see_or_link)
{
    char *key = ingest_workspace("deals-ours");
    char *lead = create_lead(key, "api", "L-5", "seo");
    struct api_response *d = api_post_json(DEALS, key, "{\"amount\":1}");
    api_assert_status(d, 201);
    char *theirs = api_new_workspace_key("deals-theirs", "admin");
    struct api_response *get = api_get(ingest_path(DEALS, api_json_string(d, "/id")), theirs);
    api_assert_problem(get, 404);
    struct api_response *patch =
        api_sendf("PATCH", ingest_path(DEALS, api_json_string(d, "/id")), theirs, "{\"amount\":9}");
    api_assert_problem(patch, 404);
    ck_assert_uint_eq(list_count("/v1/deals", theirs), 0);
    char body[160];
    snprintf(body, sizeof body, "{\"lead_id\":\"%s\",\"amount\":1}", lead);
    assert_rejected(theirs, body, "/lead_id");
    assert_rejected(theirs, "{\"lead_external_id\":\"L-5\",\"amount\":1}", "/lead_external_id");
    char *reader = api_new_workspace_key("deals-ours", "read");
    struct api_response *denied = api_post_json(DEALS, reader, "{\"amount\":1}");
    api_assert_problem(denied, 403);
    api_response_free(denied);
    free(reader);
    api_response_free(patch);
    api_response_free(get);
    api_response_free(d);
    free(theirs);
    free(lead);
    free(key);
}
END_TEST

Suite *api_deals_suite(void)
{
    Suite *s = suite_create("api_deals");
    TCase *tc = tcase_create("deals");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, deal_resolves_its_lead_and_takes_its_channel);
    tcase_add_test(tc, lead_external_id_is_looked_up_with_the_deals_source);
    tcase_add_test(tc, an_ingest_key_is_shown_only_what_it_wrote);
    tcase_add_test(tc, invalid_deals_are_422_per_field);
    tcase_add_test(tc, a_won_deal_moves_its_lead_to_won_unless_lost);
    tcase_add_test(tc, a_patched_lead_passes_its_facts_to_its_deals);
    tcase_add_test(tc, patch_checks_the_merged_deal);
    tcase_add_test(tc, batch_reports_each_deal);
    tcase_add_test(tc, list_filters_and_pages);
    tcase_add_test(tc, another_workspace_cannot_see_or_link);
    suite_add_tcase(s, tc);
    return s;
}
