/* Unit tests for kpiscore: the example document end to end, and error paths with their fields. */
#include <math.h>

#include "kpi_check.h"

/*
 * kpiscore's objects live in no archive (only its main() would use them), so
 * the test compiles its two non-main sources in directly.
 */
#include "kpiscore/input.c"
#include "kpiscore/score.c"
#include "kpiscore/statement.c"

#ifndef KPISCORE_EXAMPLE
#define KPISCORE_EXAMPLE "tests/unit/data/kpiscore-example.json"
#endif

/* Reads and scores a document; returns the results (caller owns) or NULL with *err. */
static json_t *run(json_t *input, ks_error *err)
{
    ks_doc doc;
    memset(err, 0, sizeof *err);
    json_t *out = ks_read(input, &doc, err) ? ks_score(&doc, err) : NULL;
    ks_doc_free(&doc);
    json_decref(input);
    return out;
}

static json_t *run_text(const char *text, ks_error *err)
{
    json_t *input = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(input);
    return run(input, err);
}

static double real_at(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    ck_assert_msg(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

START_TEST(example_document)
{
    ks_error err;
    json_t *input = json_load_file(KPISCORE_EXAMPLE, 0, NULL);
    ck_assert_msg(input != NULL, "cannot read %s (run from the repository root)", KPISCORE_EXAMPLE);
    json_t *out = run(input, &err);
    ck_assert_msg(out != NULL, "%s: %s", err.field, err.message);
    ck_assert_str_eq(json_string_value(json_object_get(out, "start")), "2025-01-01");
    ck_assert_str_eq(json_string_value(json_object_get(out, "end")), "2025-02-01");
    json_t *results = json_object_get(out, "results");
    ck_assert_uint_eq(json_array_size(results), 5);
    /* cpl = 520000 / 400 = 1300 against plan 1200 (lower is better): 1200 / 1300. */
    json_t *cpl = json_array_get(results, 3);
    ck_assert_double_eq(real_at(cpl, "fact"), 1300.0);
    ck_assert_double_eq_tol(real_at(cpl, "attainment"), 1200.0 / 1300.0, 1e-15);
    ck_assert_str_eq(json_string_value(json_object_get(cpl, "status")), "below_plan");
    json_t *reaction = json_array_get(results, 4);
    ck_assert(json_is_null(json_object_get(reaction, "fact")));
    ck_assert_str_eq(json_string_value(json_object_get(reaction, "status")), "no_data");
    /* The worked example of docs/kpi-semantics.md section 6. */
    json_t *sc = json_object_get(out, "scorecard");
    ck_assert_double_eq_tol(real_at(sc, "total"), 0.975, 1e-12);
    ck_assert_double_eq(real_at(sc, "bonus"), 63375.00);
    ck_assert_double_eq(real_at(sc, "payout"), 213375.00);
    ck_assert_double_eq(real_at(json_array_get(json_object_get(sc, "items"), 2), "item_bonus"),
                        14625.00);
    ck_assert_uint_eq(json_array_size(json_object_get(sc, "warnings")), 0);
    json_decref(out);
}
END_TEST

START_TEST(money_rounded_on_output_and_warnings)
{
    ks_error err;
    char doc[4096];
    int len = snprintf(doc, sizeof doc,
                       "{\"measures\":{\"revenue\":1000.005,\"won_deals\":3},\"kpis\":["
                       "{\"code\":\"avg\",\"metric\":\"avg_check\",\"target\":{\"plan\":300}}");
    for (int i = 0; i < 8; i++)
        len += snprintf(doc + len, sizeof doc - (size_t)len,
                        ",{\"code\":\"m%d\",\"manual\":true,\"value\":%d,\"unit\":\"points\","
                        "\"direction\":\"lower_is_better\",\"target\":{\"plan\":10}}",
                        i, i);
    len += snprintf(doc + len, sizeof doc - (size_t)len,
                    "],\"scorecard\":{\"code\":\"big\",\"fixed_pay\":100.005,\"bonus_base\":"
                    "1000,\"max_attainment\":1.5,\"items\":[");
    for (int i = 0; i < 8; i++)
        len += snprintf(doc + len, sizeof doc - (size_t)len, "%s{\"kpi\":\"m%d\",\"weight\":0.125}",
                        i ? "," : "", i);
    snprintf(doc + len, sizeof doc - (size_t)len, "]}}");
    json_t *out = run_text(doc, &err);
    ck_assert_msg(out != NULL, "%s: %s", err.field, err.message);
    json_t *avg = json_array_get(json_object_get(out, "results"), 0);
    ck_assert_double_eq(real_at(avg, "fact"), 333.34); /* 1000.005 / 3 = 333.335 rounds up */
    json_t *sc = json_object_get(out, "scorecard");
    ck_assert_uint_eq(json_array_size(json_object_get(sc, "warnings")), 1);
    /* m0: fact 0, lower is better: 1.5; m1..m6: 10/i capped at 1.5; m7: 10/7. */
    double total = 0.125 * (1.5 * 7 + 10.0 / 7.0);
    ck_assert_double_eq_tol(real_at(sc, "total"), total, 1e-12);
    ck_assert_double_eq(real_at(sc, "payout"), 1591.08); /* 100.005 + 1491.0714... */
    ck_assert_double_eq(real_at(sc, "fixed_pay"), 100.01);
    json_decref(out);
}
END_TEST

START_TEST(free_counters_as_measures)
{
    ks_error err;
    /* spend / counter.calls = 1000 / 40 */
    json_t *out = run_text("{\"measures\":{\"spend\":1000,\"counter.calls\":40,"
                           "\"counter.chats\":null},\"kpis\":[{\"code\":\"cpcall\","
                           "\"formula\":\"spend / counter.calls\",\"unit\":\"money\","
                           "\"direction\":\"lower_is_better\"}]}",
                           &err);
    ck_assert_msg(out != NULL, "%s: %s", err.field, err.message);
    ck_assert_double_eq(real_at(json_array_get(json_object_get(out, "results"), 0), "fact"), 25);
    json_decref(out);
}
END_TEST

/* A one-item monthly scorecard, fact 90 of plan 100 (index 0.9), and `pay`. */
static json_t *with_pay(const char *period, const char *pay)
{
    char doc[1024];
    snprintf(doc, sizeof doc,
             "{\"period\":\"%s\",\"kpis\":[{\"code\":\"r\",\"manual\":true,\"value\":90,"
             "\"target\":{\"plan\":100},\"granularity\":\"%s\"}],\"scorecard\":{\"code\":\"s\","
             "\"items\":[{\"kpi\":\"r\",\"weight\":1}]},\"pay\":%s}",
             period, period[5] == 'Q' ? "quarter" : "month", pay);
    ks_error err;
    json_t *out = run_text(doc, &err);
    ck_assert_msg(out != NULL, "%s: %s", err.field, err.message);
    json_t *statement = json_incref(json_object_get(out, "statement"));
    json_decref(out);
    return statement;
}

#define SPLIT                                                                                      \
    "\"total_pay\":215000,\"split_schedule\":[{\"from_month\":1,\"fixed_share\":0.8},"             \
    "{\"from_month\":4,\"fixed_share\":0.7},{\"from_month\":7,\"fixed_share\":0.5}]"

START_TEST(statement_offline)
{
    /* tenure month 4 of 215,000: 70/30, fixed 150,500, bonus base 64,500 x 0.9 = 58,050;
     * payout 208,550.00 */
    json_t *s = with_pay("2025-05", "{\"person\":\"anna\",\"tenure_month\":4," SPLIT "}");
    ck_assert_str_eq(json_string_value(json_object_get(s, "person")), "anna");
    ck_assert_int_eq(json_integer_value(json_object_get(s, "tenure_month")), 4);
    ck_assert_double_eq(real_at(s, "fixed_share"), 0.7);
    ck_assert_double_eq(real_at(s, "fixed_pay"), 150500.00);
    ck_assert_double_eq(real_at(s, "bonus"), 58050.00);
    ck_assert_double_eq(real_at(s, "payout"), 208550.00);
    json_decref(s);
    /* hired 2025-05-16 on fixed 150,000: 16 of 31 days = 77,419.35; a pilot pays no bonus
     * (would-be 65,000 x 0.9 = 58,500.00) */
    s = with_pay("2025-05", "{\"hired_on\":\"2025-05-16\",\"fixed_pay\":150000,"
                            "\"bonus_base\":65000,\"pilot\":true}");
    ck_assert_double_eq(real_at(s, "fixed_pay"), 77419.35);
    ck_assert_double_eq(real_at(s, "would_be_bonus"), 58500.00);
    ck_assert_double_eq(real_at(s, "bonus"), 0);
    ck_assert_double_eq(real_at(s, "payout"), 77419.35);
    json_decref(s);
    /* a quarter, hired 2024-12-01 and left 2025-03-15: tenure months 2, 3, 4; fixed 172,000 +
     * 172,000 + 150,500 x 15 / 31 (72,822.580...) = 416,822.58; bonus base 43,000 + 43,000 +
     * 64,500 = 150,500 x 0.9 = 135,450.00; payout 552,272.58 */
    s = with_pay("2025-Q1", "{\"hired_on\":\"2024-12-01\",\"left_on\":\"2025-03-15\"," SPLIT "}");
    ck_assert_int_eq(json_array_size(json_object_get(s, "months")), 3);
    ck_assert_double_eq(real_at(s, "fixed_pay"), 416822.58);
    ck_assert_double_eq(real_at(s, "bonus"), 135450.00);
    ck_assert_double_eq(real_at(s, "payout"), 552272.58);
    json_decref(s);
}
END_TEST

START_TEST(errors_name_their_field)
{
    static const struct {
        const char *doc;
        const char *field;
        int position;
    } cases[] = {
        {"[]", "", 0},
        {"{\"extra\":1,\"kpis\":[]}", "", 0},
        {"{\"period\":\"2025-13\",\"kpis\":[]}", "period", 0},
        {"{\"period\":2025,\"kpis\":[]}", "period", 0},
        {"{\"measures\":[],\"kpis\":[]}", "measures", 0},
        {"{\"measures\":{\"leadz\":1},\"kpis\":[]}", "measures.leadz", 0},
        {"{\"measures\":{\"leads\":\"7\"},\"kpis\":[]}", "measures.leads", 0},
        {"{}", "kpis", 0},
        {"{\"kpis\":[1]}", "kpis[0]", 0},
        {"{\"kpis\":[{\"code\":\"X\",\"metric\":\"cpl\"}]}", "kpis[0]", 0},
        {"{\"kpis\":[{\"metric\":\"cpl\"}]}", "kpis[0]", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\",\"formula\":\"leads\"}]}", "kpis[0]", 0},
        {"{\"kpis\":[{\"code\":\"a\"}]}", "kpis[0]", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"manual\":1}]}", "kpis[0]", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":7}]}", "kpis[0]", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"ctrx\"}]}", "kpis[0].metric", 0},
        {"{\"measures\":{\"counter.\":1},\"kpis\":[]}", "measures.counter.", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"formula\":\"leads + * 2\"}]}", "kpis[0].formula", 9},
        {"{\"kpis\":[{\"code\":\"a\",\"formula\":\"leadz\"}]}", "kpis[0].formula", 1},
        {"{\"kpis\":[{\"code\":\"a\",\"manual\":true,\"value\":\"x\"}]}", "kpis[0].value", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\",\"unit\":\"euro\"}]}", "kpis[0].unit", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\",\"direction\":\"up\"}]}",
         "kpis[0].direction", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\",\"granularity\":\"day\"}]}",
         "kpis[0].granularity", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\",\"target\":5}]}", "kpis[0].target", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\",\"target\":{\"plna\":5}}]}",
         "kpis[0].target", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\",\"target\":{\"plan\":\"5\"}}]}",
         "kpis[0].target.plan", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\"},{\"code\":\"a\",\"metric\":\"cpl\"}]}",
         "kpis[1].code", 0},
        {"{\"kpis\":[],\"scorecard\":1}", "scorecard", 0},
        {"{\"kpis\":[],\"scorecard\":{\"items\":[]}}", "scorecard", 0},
        {"{\"kpis\":[],\"scorecard\":{\"code\":\"s\",\"granularity\":\"day\"}}",
         "scorecard.granularity", 0},
        {"{\"kpis\":[],\"scorecard\":{\"code\":\"s\",\"fixed_pay\":\"1\"}}", "scorecard.fixed_pay",
         0},
        {"{\"kpis\":[],\"scorecard\":{\"code\":\"s\",\"items\":[]}}", "scorecard.items", 0},
        {"{\"kpis\":[],\"scorecard\":{\"code\":\"s\",\"items\":[7]}}", "scorecard.items[0]", 0},
        {"{\"kpis\":[],\"scorecard\":{\"code\":\"s\",\"items\":[{\"kpi\":\"b\",\"weight\":1}]}}",
         "scorecard.items[0]", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\"}],\"scorecard\":{\"code\":\"s\","
         "\"items\":[{\"kpi\":\"a\"}]}}",
         "scorecard.items[0]", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\"}],\"scorecard\":{\"code\":\"s\","
         "\"items\":[{\"kpi\":\"a\",\"weight\":0.5}]}}",
         "scorecard", 0},
        {"{\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\",\"granularity\":\"quarter\"}],"
         "\"scorecard\":{\"code\":\"s\",\"items\":[{\"kpi\":\"a\",\"weight\":1}]}}",
         "scorecard.items[0]", 0},
        {"{\"kpis\":[],\"pay\":{}}", "pay", 0},
        {"{\"period\":\"2025-01\",\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\"}],"
         "\"scorecard\":{\"code\":\"s\",\"items\":[{\"kpi\":\"a\",\"weight\":1}]},"
         "\"pay\":{\"fixed_pay\":1,\"bonus_base\":1}}",
         "pay", 0},
        {"{\"period\":\"2025-01\",\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\"}],"
         "\"scorecard\":{\"code\":\"s\",\"items\":[{\"kpi\":\"a\",\"weight\":1}]},"
         "\"pay\":{\"tenure_month\":0,\"fixed_pay\":1,\"bonus_base\":1}}",
         "pay.tenure_month", 0},
        {"{\"period\":\"2025-01\",\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\"}],"
         "\"scorecard\":{\"code\":\"s\",\"items\":[{\"kpi\":\"a\",\"weight\":1}]},"
         "\"pay\":{\"hired_on\":\"2025-02-30\",\"fixed_pay\":1,\"bonus_base\":1}}",
         "pay.hired_on", 0},
        {"{\"period\":\"2025-01\",\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\"}],"
         "\"scorecard\":{\"code\":\"s\",\"items\":[{\"kpi\":\"a\",\"weight\":1}]},"
         "\"pay\":{\"tenure_month\":1,\"total_pay\":1,\"split_schedule\":[{\"from_month\":1}]}}",
         "pay.split_schedule[0]", 0},
        {"{\"period\":\"2025-01\",\"kpis\":[{\"code\":\"a\",\"metric\":\"cpl\"}],"
         "\"scorecard\":{\"code\":\"s\",\"items\":[{\"kpi\":\"a\",\"weight\":1}]},"
         "\"pay\":{\"tenure_month\":1,\"total_pay\":1,\"split_schedule\":[{\"from_month\":2,"
         "\"fixed_share\":1}]}}",
         "pay", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ks_error err;
        json_t *out = run_text(cases[i].doc, &err);
        ck_assert_msg(out == NULL, "case %zu accepted", i);
        ck_assert_msg(strcmp(err.field, cases[i].field) == 0, "case %zu: field %s: %s", i,
                      err.field, err.message);
        ck_assert_int_eq(err.position, cases[i].position);
        ck_assert_uint_gt(strlen(err.message), 0);
        json_t *e = ks_error_json(&err);
        ck_assert_ptr_nonnull(json_object_get(json_object_get(e, "error"), "message"));
        ck_assert(cases[i].position == 0 ||
                  json_integer_value(json_object_get(json_object_get(e, "error"), "position")) ==
                      cases[i].position);
        json_decref(e);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kpi_kpiscore");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, example_document);
    tcase_add_test(tc, money_rounded_on_output_and_warnings);
    tcase_add_test(tc, free_counters_as_measures);
    tcase_add_test(tc, errors_name_their_field);
    tcase_add_test(tc, statement_offline);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
