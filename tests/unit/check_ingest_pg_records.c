/* Unit tests for staging JSON documents as a PostgreSQL array of records. */
#include "kpi_check.h"
#include "kpid/ingest/pg_records.h"

static const char *const names[] = {"ord", "text", "flag", "count", "share", "object"};

/* The literal of `docs` (JSON text) with the six members of `names`. */
static void assert_records(const char *docs, const char *want)
{
    json_t *v = json_loads(docs, 0, NULL);
    ck_assert_ptr_nonnull(v);
    struct kpid_pg_array records;
    kpid_pg_records_of(v, names, 6, &records);
    ck_assert_pstr_eq(kpid_pg_array_text(&records), want);
    kpid_pg_array_free(&records);
    json_decref(v);
}

START_TEST(each_document_is_a_record_of_its_members_in_order)
{
    /* plain values go bare; a missing or null member is an empty field (NULL) */
    assert_records("[{\"ord\":3,\"text\":\"Анна Смирнова\",\"flag\":true,\"count\":-12,"
                   "\"share\":0.1,\"object\":[1]},{\"ord\":7,\"text\":null,\"flag\":false}]",
                   "{\"(3,Анна Смирнова,t,-12,0.10000000000000001,[1])\",\"(7,,f,,,)\"}");
}
END_TEST

START_TEST(characters_with_a_meaning_are_quoted_twice)
{
    /* the record quotes a field with a quote, backslash, comma or parenthesis, and an empty
     * one (else NULL); the array then quotes the record and escapes its quotes and
     * backslashes */
    assert_records("[{\"ord\":0,\"text\":\"a\\\"b\",\"flag\":\"x\\\\y\",\"count\":\"(1,2)\","
                   "\"share\":\"\",\"object\":{\"k\":\"v\"}}]",
                   "{\"(0,\\\"a\\\\\\\"b\\\",\\\"x\\\\\\\\y\\\",\\\"(1,2)\\\",\\\"\\\","
                   "\\\"{\\\\\\\"k\\\\\\\":\\\\\\\"v\\\\\\\"}\\\")\"}");
}
END_TEST

START_TEST(no_documents_give_an_empty_array)
{
    assert_records("[]", "{}");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest_pg_records");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, each_document_is_a_record_of_its_members_in_order);
    tcase_add_test(tc, characters_with_a_meaning_are_quoted_twice);
    tcase_add_test(tc, no_documents_give_an_empty_array);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
