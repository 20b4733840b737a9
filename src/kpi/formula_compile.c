/* Formula compiler: recursive descent over a bounded grammar, emitting a postfix program. */
#include "kpi/formula.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "error_internal.h"
#include "formula_internal.h"

typedef struct parser {
    const char *s;
    size_t pos; /* 0-based; errors report pos + 1 */
    int depth;
    int stack, max_stack;
    kpi_formula *f;
    kpi_error *err;
} parser;

static kpi_status fail_at(parser *p, kpi_status status, const char *what)
{
    int at = (int)p->pos + 1;
    return kpi_fail(p->err, status, at, "%s at position %d", what, at);
}

static void skip_space(parser *p)
{
    while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
           p->s[p->pos] == '\r')
        p->pos++;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_name_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && is_digit(c));
}

/* Appends one instruction, tracking the evaluation stack height it implies. */
static kpi_status emit(parser *p, int op, int arg)
{
    if (p->f->n_code == KPI_FORMULA_MAX_CODE)
        return fail_at(p, KPI_ERR_LIMIT, "formula has too many terms");
    p->f->code[p->f->n_code].op = (uint8_t)op;
    p->f->code[p->f->n_code].arg = (uint8_t)arg;
    p->f->n_code++;
    if (op == KPI_OP_CONST || op == KPI_OP_MEASURE || op == KPI_OP_COUNTER) {
        if (++p->stack > KPI_FORMULA_MAX_STACK)
            return fail_at(p, KPI_ERR_LIMIT, "formula holds too many pending operands");
    } else if (op != KPI_OP_NEG) {
        p->stack--;
    }
    return KPI_OK;
}

/*
 * A number literal converted exactly: at most 15 digits give an integer
 * mantissa below 2^53 and a power of ten that doubles hold exactly, so one
 * division rounds correctly, with no dependence on the C locale.
 */
static kpi_status parse_number(parser *p)
{
    static const double pow10[KPI_FORMULA_MAX_DIGITS + 1] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t start = p->pos;
    uint64_t mantissa = 0;
    int digits = 0, decimals = 0;
    bool fraction = false;
    for (;;) {
        char c = p->s[p->pos];
        if (is_digit(c)) {
            mantissa = mantissa * 10 + (uint64_t)(c - '0');
            digits++;
            decimals += fraction;
        } else if (c == '.' && !fraction && is_digit(p->s[p->pos + 1])) {
            fraction = true;
        } else {
            break;
        }
        if (digits > KPI_FORMULA_MAX_DIGITS) {
            p->pos = start;
            return fail_at(p, KPI_ERR_LIMIT, "number has more than 15 digits");
        }
        p->pos++;
    }
    if (p->f->n_const == KPI_FORMULA_MAX_CONST) {
        p->pos = start;
        return fail_at(p, KPI_ERR_LIMIT, "formula has too many numbers");
    }
    p->f->constant[p->f->n_const] = (double)mantissa / pow10[decimals];
    return emit(p, KPI_OP_CONST, p->f->n_const++);
}

/* A free counter after "counter.": its name is read up to the first byte that is not a name
 * byte (letters, digits, '_', or part of a UTF-8 character) and kept in the formula once. */
static kpi_status parse_counter(parser *p)
{
    size_t start = p->pos;
    while (is_name_char(p->s[p->pos], false) || (unsigned char)p->s[p->pos] >= 0x80)
        p->pos++;
    size_t len = p->pos - start;
    if (len == 0 || len > KPI_COUNTER_NAME_MAX) {
        p->pos = start;
        return fail_at(p, KPI_ERR_SYNTAX, "expected a counter name of 1 to 64 characters");
    }
    kpi_formula *f = p->f;
    int k = 0;
    while (k < f->n_counters &&
           !(strncmp(f->counter[k], p->s + start, len) == 0 && f->counter[k][len] == '\0'))
        k++;
    if (k == KPI_FORMULA_MAX_COUNTERS) {
        p->pos = start;
        return fail_at(p, KPI_ERR_LIMIT, "formula reads more than 4 counters");
    }
    if (k == f->n_counters) {
        memcpy(f->counter[k], p->s + start, len);
        f->counter[k][len] = '\0';
        f->n_counters++;
    }
    return emit(p, KPI_OP_COUNTER, k);
}

#define COUNTER_PREFIX "counter."

static kpi_status parse_name(parser *p)
{
    size_t start = p->pos;
    kpi_measure m;
    if (strncmp(p->s + start, COUNTER_PREFIX, sizeof COUNTER_PREFIX - 1) == 0) {
        p->pos += sizeof COUNTER_PREFIX - 1;
        return parse_counter(p);
    }
    while (is_name_char(p->s[p->pos], false))
        p->pos++;
    if (!kpi_measure_lookup(p->s + start, p->pos - start, &m)) {
        int len = (int)(p->pos - start);
        p->pos = start;
        return kpi_fail(p->err, KPI_ERR_UNKNOWN, (int)start + 1,
                        "unknown measure '%.*s' at position %d", len > 64 ? 64 : len, p->s + start,
                        (int)start + 1);
    }
    p->f->measures |= KPI_MEASURE_BIT(m);
    return emit(p, KPI_OP_MEASURE, (int)m);
}

static kpi_status parse_expr(parser *p);

/* Entering a parenthesis or a unary minus: bound the recursion. */
static kpi_status descend(parser *p)
{
    if (++p->depth > KPI_FORMULA_MAX_DEPTH)
        return fail_at(p, KPI_ERR_LIMIT, "formula nested too deeply");
    return KPI_OK;
}

static kpi_status parse_unary(parser *p)
{
    kpi_status st;
    skip_space(p);
    char c = p->s[p->pos];
    if (c == '-') {
        if ((st = descend(p)) != KPI_OK)
            return st;
        p->pos++;
        if ((st = parse_unary(p)) != KPI_OK)
            return st;
        p->depth--;
        return emit(p, KPI_OP_NEG, 0);
    }
    if (c == '(') {
        if ((st = descend(p)) != KPI_OK)
            return st;
        p->pos++;
        if ((st = parse_expr(p)) != KPI_OK)
            return st;
        skip_space(p);
        if (p->s[p->pos] != ')')
            return fail_at(p, KPI_ERR_SYNTAX, "expected ')'");
        p->pos++;
        p->depth--;
        return KPI_OK;
    }
    if (is_digit(c))
        return parse_number(p);
    if (is_name_char(c, true))
        return parse_name(p);
    return fail_at(p, KPI_ERR_SYNTAX, "expected operand");
}

/* One precedence level: operands from `next`, joined by the two operators given. */
static kpi_status parse_level(parser *p, kpi_status (*next)(parser *), char op1, int code1,
                              char op2, int code2)
{
    kpi_status st = next(p);
    for (;;) {
        if (st != KPI_OK)
            return st;
        skip_space(p);
        char c = p->s[p->pos];
        if (c != op1 && c != op2)
            return KPI_OK;
        p->pos++;
        if ((st = next(p)) == KPI_OK)
            st = emit(p, c == op1 ? code1 : code2, 0);
    }
}

static kpi_status parse_term(parser *p)
{
    return parse_level(p, parse_unary, '*', KPI_OP_MUL, '/', KPI_OP_DIV);
}

static kpi_status parse_expr(parser *p)
{
    return parse_level(p, parse_term, '+', KPI_OP_ADD, '-', KPI_OP_SUB);
}

kpi_status kpi_formula_compile(const char *text, kpi_formula *out, kpi_error *err)
{
    if (text == NULL)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "formula is missing");
    if (strnlen(text, KPI_FORMULA_MAX_TEXT + 1) > KPI_FORMULA_MAX_TEXT)
        return kpi_fail(err, KPI_ERR_LIMIT, 0, "formula is longer than %d characters",
                        KPI_FORMULA_MAX_TEXT);
    parser p = {.s = text, .f = out, .err = err};
    memset(out, 0, sizeof *out);
    kpi_status st = parse_expr(&p);
    if (st != KPI_OK)
        return st;
    skip_space(&p);
    if (text[p.pos] != '\0')
        return fail_at(&p, KPI_ERR_SYNTAX, "expected operator or end of formula");
    return KPI_OK;
}
