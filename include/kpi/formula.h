/* KPI formulas over measures: compile once to a compact program, evaluate many times. */
#ifndef KPI_FORMULA_H
#define KPI_FORMULA_H

#include <stdint.h>

#include "kpi/error.h"
#include "kpi/measures.h"
#include "kpi/value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Caps that keep hostile input from exhausting the stack or memory. */
#define KPI_FORMULA_MAX_TEXT 1000  /* bytes of formula text */
#define KPI_FORMULA_MAX_DEPTH 32   /* nested parentheses plus unary minus signs */
#define KPI_FORMULA_MAX_CODE 128   /* instructions */
#define KPI_FORMULA_MAX_CONST 32   /* number literals */
#define KPI_FORMULA_MAX_STACK 32   /* operands pending at once during evaluation */
#define KPI_FORMULA_MAX_DIGITS 15  /* digits in one number literal, so it converts exactly */
#define KPI_FORMULA_MAX_COUNTERS 4 /* distinct free counters (counter.<name>) one formula reads */

/*
 * A compiled formula: a postfix program. A plain value (about 0.6 KB) with
 * no pointers: store it anywhere, copy it freely, share it read-only between
 * threads; nothing to free. Treat the fields as private except `measures`.
 */
typedef struct kpi_formula {
    kpi_measure_mask measures; /* the measures the formula reads */
    uint8_t n_code;
    uint8_t n_const;
    struct {
        uint8_t op;
        uint8_t arg;
    } code[KPI_FORMULA_MAX_CODE];
    double constant[KPI_FORMULA_MAX_CONST];
    uint8_t n_counters;
    char counter[KPI_FORMULA_MAX_COUNTERS][KPI_COUNTER_NAME_MAX + 1]; /* the free counters read */
} kpi_formula;

/*
 * Compiles `text` (borrowed, NUL-terminated). Grammar:
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := number | measure_name | counter | '(' expr ')'
 *   number  := digits ['.' digits]   (at most KPI_FORMULA_MAX_DIGITS digits)
 *   counter := 'counter.' name       (a free counter: letters, digits, '_' and
 *                                     UTF-8 bytes, at most KPI_COUNTER_NAME_MAX)
 * with spaces, tabs and newlines allowed between tokens. Errors:
 * KPI_ERR_SYNTAX with err->position the 1-based byte position of the
 * offending character (length + 1 at the end of the text) and a message
 * such as "expected operand at position 7"; KPI_ERR_UNKNOWN for a name that
 * is not a measure; KPI_ERR_LIMIT past a cap; KPI_ERR_INVALID for NULL.
 * On failure *out is unspecified and must not be evaluated.
 */
kpi_status kpi_formula_compile(const char *text, kpi_formula *out, kpi_error *err);

/*
 * Evaluates against `measures` (borrowed); a free counter the set does not hold
 * reads 0, as a count with nothing under it. Absent (null) when any measure the
 * formula reads is null, when any denominator is zero, or when the result
 * would not be a finite number; never NaN or infinity. -0 comes out as 0.
 * Operators are applied left to right with the usual precedence, in double
 * precision, exactly as written (no reordering).
 */
kpi_opt kpi_formula_eval(const kpi_formula *f, const kpi_measure_set *measures);

#ifdef __cplusplus
}
#endif

#endif
