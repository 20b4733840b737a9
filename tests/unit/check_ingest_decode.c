/* Unit tests for ingest decoding: the lead and deal member lists, documents, named access. */
#include "kpi_check.h"
#include "kpid/ingest/deal_write.h"
#include "kpid/ingest/lead_write.h"

static json_t *parse(const char *text)
{
    json_t *v = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(v);
    return v;
}

/* Decodes `text` as a lead or deal; returns the document (or NULL) and the error count. */
static json_t *decode(const struct kpid_ingest_resource *r, const char *text, bool patch,
                      size_t *errors_added)
{
    json_t *in = parse(text), *errors = json_array(), *doc = NULL;
    *errors_added = kpid_ingest_decode(r, in, "", patch, &doc, errors);
    ck_assert_uint_eq(*errors_added, json_array_size(errors));
    json_decref(errors);
    json_decref(in);
    return doc;
}

START_TEST(lead_document_uses_columns_and_norms)
{
    size_t n;
    json_t *doc = decode(&kpid_lead_resource,
                         "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                         "\"contact\":{\"phone\":\"+7 (900) 123-45-67\",\"email\":\" A@B.ru \"},"
                         "\"stage\":\"won\"}",
                         false, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "contact_phone")),
                     "+7 (900) 123-45-67");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "phone_norm")), "79001234567");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "email_norm")), "a@b.ru");
    ck_assert_ptr_null(json_object_get(doc, "stage")); /* read-only: ignored */
    ck_assert_ptr_null(json_object_get(doc, "contact_name"));
    json_decref(doc);
}
END_TEST

START_TEST(null_contact_clears_its_members)
{
    size_t n;
    json_t *doc = decode(&kpid_lead_resource, "{\"contact\":null}", true, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert(json_is_null(json_object_get(doc, "contact_name")));
    ck_assert(json_is_null(json_object_get(doc, "contact_email")));
    ck_assert(json_is_null(json_object_get(doc, "phone_norm")));
    json_decref(doc);
}
END_TEST

START_TEST(keys_and_rules_are_checked)
{
    size_t n;
    ck_assert_ptr_null(decode(&kpid_lead_resource, "{\"external_id\":\"x\"}", true, &n));
    ck_assert_uint_eq(n, 1); /* a patch cannot change the natural key */
    ck_assert_ptr_null(decode(&kpid_lead_resource, "[]", false, &n));
    ck_assert_uint_eq(n, 1); /* must be a lead object */
    ck_assert_ptr_null(decode(&kpid_deal_resource,
                              "{\"amount\":1,\"status\":\"won\",\"channel\":\"\","
                              "\"lead_id\":\"00000000-0000-0000-0000-000000000001\","
                              "\"lead_external_id\":\"e\"}",
                              false, &n));
    ck_assert_uint_eq(n, 3); /* empty channel, both leads, won without closed_at */
}
END_TEST

START_TEST(targets_are_writable_members)
{
    ck_assert(kpid_ingest_target(&kpid_lead_resource, "contact/phone"));
    ck_assert(!kpid_ingest_target(&kpid_lead_resource, "stage"));
    ck_assert(!kpid_ingest_target(&kpid_lead_resource, "contact"));
    ck_assert(kpid_ingest_target(&kpid_deal_resource, "lead_external_id"));
    ck_assert(!kpid_ingest_target(&kpid_deal_resource, "ingested_at"));
    ck_assert(kpid_ingest_writable(&kpid_lead_resource, "contact"));
}
END_TEST

START_TEST(decoded_values_by_name)
{
    json_t *in = parse("{\"amount\":12.5,\"status\":\"open\",\"closed_at\":null}");
    struct kpid_fields f;
    json_t *errors = json_array();
    ck_assert_uint_eq(kpid_fields_decode(kpid_deal_resource.spec, kpid_deal_resource.n_members, in,
                                         "", false, &f, errors),
                      0);
    ck_assert_str_eq(kpid_fields_text(&f, "amount"), "12.50");
    ck_assert_str_eq(kpid_fields_at(&f, KPID_DEAL_STATUS), "open");
    ck_assert(kpid_fields_present(&f, "closed_at"));
    ck_assert_ptr_null(kpid_fields_text(&f, "closed_at"));
    ck_assert(!kpid_fields_present(&f, "channel"));
    ck_assert_ptr_null(kpid_fields_text(&f, "no_such_member"));
    kpid_fields_clear(&f);
    json_decref(errors);
    json_decref(in);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest_decode");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, lead_document_uses_columns_and_norms);
    tcase_add_test(tc, null_contact_clears_its_members);
    tcase_add_test(tc, keys_and_rules_are_checked);
    tcase_add_test(tc, targets_are_writable_members);
    tcase_add_test(tc, decoded_values_by_name);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
