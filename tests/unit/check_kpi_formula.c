/* Unit tests for the formula engine: evaluation, null rules, error positions and caps. */
#include <math.h>
#include <stdio.h>

#include "kpi_check.h"

static kpi_formula compile_ok(const char *text)
{
    kpi_formula f;
    kpi_error err = {0};
    ck_assert_msg(kpi_formula_compile(text, &f, &err) == KPI_OK, "%s: %s", text, err.message);
    return f;
}

/* Measures with simple values: leads 120, valid_leads 100, spend 1500, the rest unset. */
static kpi_measure_set sample(void)
{
    kpi_measure_set m;
    kpi_measures_init(&m);
    kpi_measures_set(&m, KPI_M_LEADS, 120);
    kpi_measures_set(&m, KPI_M_VALID_LEADS, 100);
    kpi_measures_set(&m, KPI_M_SPEND, 1500);
    kpi_measures_set(&m, KPI_M_CLIENTS, 0);
    return m;
}

START_TEST(arithmetic)
{
    static const struct {
        const char *text;
        double value;
    } cases[] = {
        {"1 + 2 * 3", 7},
        {"(1 + 2) * 3", 9},
        {"2 - 3 - 4", -5},
        {"8 / 4 / 2", 1},
        {"10 / 4", 2.5},
        {"-2 * -3", 6},
        {"--2", 2},
        {"- (3 - 5)", 2},
        {"0.5 * 4", 2},
        {"0.1", 0.1},
        {"007", 7},
        {"spend / valid_leads", 15},
        {"100 * valid_leads / leads", 10000.0 / 120.0},
        {"(leads - valid_leads) / leads * 100", (20.0 / 120.0) * 100.0}, /* as written */
        {"\tleads\n+\r1 ", 121},
        {"leads*2", 240},
        {"123456789012345", 123456789012345.0},
        {"0.00000000000001", 1e-14},
        {"-clients", 0},
    };
    kpi_measure_set m = sample();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kpi_formula f = compile_ok(cases[i].text);
        kpi_opt v = kpi_formula_eval(&f, &m);
        ck_assert_msg(v.present, "%s", cases[i].text);
        ck_assert_msg(v.value == cases[i].value, "%s = %.17g", cases[i].text, v.value);
    }
    /* -0 is written as 0. */
    kpi_formula f = compile_ok("-clients");
    ck_assert(!signbit(kpi_formula_eval(&f, &m).value));
}
END_TEST

START_TEST(nulls)
{
    static const char *const null_cases[] = {
        "leads / clients",           /* zero denominator */
        "1 / (leads - leads)",       /* computed zero denominator */
        "0 * clients / clients + 5", /* a null part makes the whole null */
        "reaction_minutes_median",   /* unset median */
        "0 * reaction_minutes_median",
        "leads + cycle_days_median",
    };
    kpi_measure_set m = sample();
    for (size_t i = 0; i < sizeof null_cases / sizeof null_cases[0]; i++) {
        kpi_formula f = compile_ok(null_cases[i]);
        ck_assert_msg(!kpi_formula_eval(&f, &m).present, "%s", null_cases[i]);
    }
    /* Overflow never leaks infinity or NaN. */
    kpi_measures_set(&m, KPI_M_REVENUE, 1e300);
    static const char *const overflow[] = {"revenue * revenue",
                                           "revenue * revenue - revenue * revenue",
                                           "1 / (revenue * revenue)", "-revenue * revenue"};
    for (size_t i = 0; i < sizeof overflow / sizeof overflow[0]; i++) {
        kpi_formula f = compile_ok(overflow[i]);
        ck_assert_msg(!kpi_formula_eval(&f, &m).present, "%s", overflow[i]);
    }
    /* A zeroed (never compiled) formula evaluates to null rather than crashing. */
    kpi_formula zero;
    memset(&zero, 0, sizeof zero);
    ck_assert(!kpi_formula_eval(&zero, &m).present);
}
END_TEST

START_TEST(measure_mask)
{
    kpi_formula f = compile_ok("100 * (gross_margin - spend) / spend");
    ck_assert_uint_eq(f.measures,
                      KPI_MEASURE_BIT(KPI_M_GROSS_MARGIN) | KPI_MEASURE_BIT(KPI_M_SPEND));
    f = compile_ok("42");
    ck_assert_uint_eq(f.measures, 0);
}
END_TEST

START_TEST(error_positions)
{
    static const struct {
        const char *text;
        kpi_status status;
        int position;
        const char *message;
    } cases[] = {
        {"", KPI_ERR_SYNTAX, 1, "expected operand at position 1"},
        {"   ", KPI_ERR_SYNTAX, 4, "expected operand at position 4"},
        {"leads +", KPI_ERR_SYNTAX, 8, "expected operand at position 8"},
        {"leads + * 2", KPI_ERR_SYNTAX, 9, "expected operand at position 9"},
        {"(leads", KPI_ERR_SYNTAX, 7, "expected ')' at position 7"},
        {"((leads) + 1", KPI_ERR_SYNTAX, 13, "expected ')' at position 13"},
        {"leads valid_leads", KPI_ERR_SYNTAX, 7,
         "expected operator or end of formula at position 7"},
        {"leads )", KPI_ERR_SYNTAX, 7, "expected operator or end of formula at position 7"},
        {"2 # 3", KPI_ERR_SYNTAX, 3, "expected operator or end of formula at position 3"},
        {"1.", KPI_ERR_SYNTAX, 2, "expected operator or end of formula at position 2"},
        {"1.2.3", KPI_ERR_SYNTAX, 4, "expected operator or end of formula at position 4"},
        {".5", KPI_ERR_SYNTAX, 1, "expected operand at position 1"},
        {"+1", KPI_ERR_SYNTAX, 1, "expected operand at position 1"},
        {"()", KPI_ERR_SYNTAX, 2, "expected operand at position 2"},
        {"spend / $", KPI_ERR_SYNTAX, 9, "expected operand at position 9"},
        {"foo + 1", KPI_ERR_UNKNOWN, 1, "unknown measure 'foo' at position 1"},
        {"1 + Leads", KPI_ERR_UNKNOWN, 5, "unknown measure 'Leads' at position 5"},
        {"revenue / valid_leadz", KPI_ERR_UNKNOWN, 11,
         "unknown measure 'valid_leadz' at position 11"},
        {"1234567890123456", KPI_ERR_LIMIT, 1, "number has more than 15 digits at position 1"},
        {"2 * 0.1234567890123456", KPI_ERR_LIMIT, 5,
         "number has more than 15 digits at position 5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kpi_formula f;
        kpi_error err;
        ck_assert_msg(kpi_formula_compile(cases[i].text, &f, &err) == cases[i].status, "%s",
                      cases[i].text);
        ck_assert_int_eq(err.status, cases[i].status);
        ck_assert_msg(err.position == cases[i].position, "%s: position %d", cases[i].text,
                      err.position);
        ck_assert_str_eq(err.message, cases[i].message);
    }
}
END_TEST

/* Writes `n` copies of `unit` into buf followed by `tail`. */
static void repeat(char *buf, size_t size, const char *head, const char *unit, int n,
                   const char *tail)
{
    size_t len = (size_t)snprintf(buf, size, "%s", head);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s", unit);
    snprintf(buf + len, size - len, "%s", tail);
}

START_TEST(caps)
{
    char text[4096], tail[256];
    kpi_formula f;
    kpi_error err;
    kpi_measure_set m = sample();

    /* Nesting: 32 levels pass, 33 fail (parentheses or unary minus alike). */
    repeat(tail, sizeof tail, "", ")", KPI_FORMULA_MAX_DEPTH, "");
    repeat(text, sizeof text, "", "(", KPI_FORMULA_MAX_DEPTH, "");
    strcat(text, "leads");
    strcat(text, tail);
    ck_assert_int_eq(kpi_formula_compile(text, &f, NULL), KPI_OK);
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, 120);
    repeat(text, sizeof text, "", "(", KPI_FORMULA_MAX_DEPTH + 1, "leads");
    ck_assert_kpi_fail(kpi_formula_compile(text, &f, &err), KPI_ERR_LIMIT, err);
    ck_assert_int_eq(err.position, KPI_FORMULA_MAX_DEPTH + 1);
    repeat(text, sizeof text, "", "-", KPI_FORMULA_MAX_DEPTH, "leads");
    ck_assert_int_eq(kpi_formula_compile(text, &f, NULL), KPI_OK);
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, 120);
    repeat(text, sizeof text, "", "-", KPI_FORMULA_MAX_DEPTH + 1, "leads");
    ck_assert_kpi_fail(kpi_formula_compile(text, &f, &err), KPI_ERR_LIMIT, err);

    /* Pending operands: a+(a+(a+...)) holds one per level. */
    repeat(tail, sizeof tail, "", ")", 30, "");
    repeat(text, sizeof text, "", "leads+(", 30, "leads+leads");
    strcat(text, tail);
    ck_assert_int_eq(kpi_formula_compile(text, &f, NULL), KPI_OK);
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, 32 * 120);
    repeat(tail, sizeof tail, "", ")", 31, "");
    repeat(text, sizeof text, "", "leads+(", 31, "leads+leads");
    strcat(text, tail);
    ck_assert_kpi_fail(kpi_formula_compile(text, &f, &err), KPI_ERR_LIMIT, err);
    ck_assert_ptr_nonnull(strstr(err.message, "pending operands"));

    /* Constants and instructions. */
    repeat(text, sizeof text, "1", "+1", KPI_FORMULA_MAX_CONST - 1, "");
    ck_assert_int_eq(kpi_formula_compile(text, &f, NULL), KPI_OK);
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, KPI_FORMULA_MAX_CONST);
    repeat(text, sizeof text, "1", "+1", KPI_FORMULA_MAX_CONST, "");
    ck_assert_kpi_fail(kpi_formula_compile(text, &f, &err), KPI_ERR_LIMIT, err);
    repeat(text, sizeof text, "leads", "+leads", 63, ""); /* 64 pushes + 63 adds = 127 */
    ck_assert_int_eq(kpi_formula_compile(text, &f, NULL), KPI_OK);
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, 64 * 120);
    repeat(text, sizeof text, "leads", "+leads", 64, "");
    ck_assert_kpi_fail(kpi_formula_compile(text, &f, &err), KPI_ERR_LIMIT, err);

    /* Length. */
    memset(text, ' ', KPI_FORMULA_MAX_TEXT + 1);
    text[0] = '1';
    text[KPI_FORMULA_MAX_TEXT] = '\0';
    ck_assert_int_eq(kpi_formula_compile(text, &f, NULL), KPI_OK);
    text[KPI_FORMULA_MAX_TEXT] = ' ';
    text[KPI_FORMULA_MAX_TEXT + 1] = '\0';
    ck_assert_kpi_fail(kpi_formula_compile(text, &f, &err), KPI_ERR_LIMIT, err);
    ck_assert_kpi_fail(kpi_formula_compile(NULL, &f, &err), KPI_ERR_INVALID, err);
    /* A long unknown name is quoted cut short, and the message still fits. */
    repeat(text, sizeof text, "", "x", 500, "");
    ck_assert_kpi_fail(kpi_formula_compile(text, &f, &err), KPI_ERR_UNKNOWN, err);
    ck_assert_uint_lt(strlen(err.message), KPI_ERROR_MESSAGE_SIZE);
}
END_TEST

START_TEST(free_counters)
{
    kpi_measure_set m = sample();
    ck_assert(kpi_measures_set_counter(&m, "calls", 30));
    ck_assert(kpi_measures_set_counter(&m, "звонки", 5));
    ck_assert(kpi_measures_set_counter(&m, "calls", 40)); /* replaces */
    ck_assert_uint_eq(m.n_counters, 2);
    /* 1500 / 40 = 37.5; the same counter twice is kept once; 100 * 5 / 100 = 5 */
    kpi_formula f = compile_ok("spend / counter.calls");
    ck_assert_uint_eq(f.n_counters, 1);
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, 37.5);
    f = compile_ok("counter.calls + counter.calls*2");
    ck_assert_uint_eq(f.n_counters, 1);
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, 120);
    f = compile_ok("100 * counter.звонки / valid_leads");
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, 5);
    ck_assert(f.measures == KPI_MEASURE_BIT(KPI_M_VALID_LEADS));
    /* a counter the set does not hold reads 0: a zero denominator is null */
    f = compile_ok("counter.chats");
    ck_assert(kpi_formula_eval(&f, &m).present);
    ck_assert_double_eq(kpi_formula_eval(&f, &m).value, 0);
    f = compile_ok("spend / counter.chats");
    ck_assert(!kpi_formula_eval(&f, &m).present);

    kpi_error err;
    ck_assert_kpi_fail(kpi_formula_compile("counter. + 1", &f, &err), KPI_ERR_SYNTAX, err);
    ck_assert_int_eq(err.position, 9);
    char text[128];
    snprintf(text, sizeof text, "counter.%065d", 0);
    ck_assert_kpi_fail(kpi_formula_compile(text, &f, &err), KPI_ERR_SYNTAX, err);
    ck_assert_kpi_fail(kpi_formula_compile("counter.a + counter.b + counter.c + counter.d + "
                                           "counter.e",
                                           &f, &err),
                       KPI_ERR_LIMIT, err);
    ck_assert_int_eq(err.position, 57); /* the fifth name: 4 * 12 + 8 + 1 */
    ck_assert_kpi_fail(kpi_formula_compile("counters", &f, &err), KPI_ERR_UNKNOWN, err);
}
END_TEST

START_TEST(free_counter_set_limits)
{
    kpi_measure_set m;
    kpi_measures_init(&m);
    char name[KPI_COUNTER_NAME_MAX + 2];
    for (int i = 0; i < KPI_MEASURE_SET_COUNTERS; i++) {
        snprintf(name, sizeof name, "c%d", i);
        ck_assert(kpi_measures_set_counter(&m, name, i));
    }
    ck_assert(!kpi_measures_set_counter(&m, "one_more", 1));
    ck_assert(kpi_measures_set_counter(&m, "c3", 33)); /* an existing one still changes */
    ck_assert_double_eq(kpi_measures_counter(&m, "c3"), 33);
    ck_assert_double_eq(kpi_measures_counter(&m, "one_more"), 0);
    kpi_measures_init(&m);
    ck_assert(!kpi_measures_set_counter(&m, "", 1));
    ck_assert(!kpi_measures_set_counter(&m, "x", NAN));
    memset(name, 'n', KPI_COUNTER_NAME_MAX + 1);
    name[KPI_COUNTER_NAME_MAX + 1] = '\0';
    ck_assert(!kpi_measures_set_counter(&m, name, 1));
    name[KPI_COUNTER_NAME_MAX] = '\0';
    ck_assert(kpi_measures_set_counter(&m, name, 1));
    ck_assert_uint_eq(m.n_counters, 1);
}
END_TEST

START_TEST(hostile_input_does_not_crash)
{
    /* Random bytes from a small alphabet: every outcome is a status, never a crash. */
    static const char alphabet[] = "()+-*/ .0123456789leadsvalid_x";
    uint64_t state = 12345;
    char text[64];
    kpi_measure_set m = sample();
    for (int i = 0; i < 20000; i++) {
        size_t len = 1 + (size_t)(i % 40);
        for (size_t k = 0; k < len; k++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            text[k] = alphabet[(state >> 33) % (sizeof alphabet - 1)];
        }
        text[len] = '\0';
        kpi_formula f;
        kpi_error err;
        if (kpi_formula_compile(text, &f, &err) == KPI_OK) {
            kpi_opt v = kpi_formula_eval(&f, &m);
            ck_assert(!v.present || isfinite(v.value));
        } else {
            ck_assert_int_ge(err.position, 0);
            ck_assert_int_le(err.position, (int)len + 1);
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kpi_formula");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, arithmetic);
    tcase_add_test(tc, nulls);
    tcase_add_test(tc, measure_mask);
    tcase_add_test(tc, error_positions);
    tcase_add_test(tc, caps);
    tcase_add_test(tc, free_counters);
    tcase_add_test(tc, free_counter_set_limits);
    tcase_add_test(tc, hostile_input_does_not_crash);
    suite_add_tcase(s, tc);
    return kpi_check_run(s);
}
