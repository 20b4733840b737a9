/* Formula evaluator: a tight postfix loop with null propagation and no NaN or infinity out. */
#include "kpi/formula.h"

#include <math.h>

#include "formula_internal.h"

kpi_opt kpi_formula_eval(const kpi_formula *f, const kpi_measure_set *measures)
{
    /* Any null operand makes the whole result null, so test them all at once up front. */
    if ((f->measures & ~measures->present) != 0 || f->n_code == 0)
        return kpi_none();
    double stack[KPI_FORMULA_MAX_STACK];
    int sp = 0;
    for (int i = 0; i < f->n_code; i++) {
        int arg = f->code[i].arg;
        switch (f->code[i].op) {
        case KPI_OP_CONST:
            stack[sp++] = f->constant[arg];
            break;
        case KPI_OP_MEASURE:
            stack[sp++] = measures->value[arg];
            break;
        case KPI_OP_COUNTER:
            stack[sp++] = kpi_measures_counter(measures, f->counter[arg]);
            break;
        case KPI_OP_NEG:
            stack[sp - 1] = -stack[sp - 1];
            break;
        case KPI_OP_ADD:
            sp--;
            stack[sp - 1] += stack[sp];
            break;
        case KPI_OP_SUB:
            sp--;
            stack[sp - 1] -= stack[sp];
            break;
        case KPI_OP_MUL:
            sp--;
            stack[sp - 1] *= stack[sp];
            break;
        default: /* KPI_OP_DIV */
            sp--;
            /* An infinite denominator could only come from an overflow; it must not hide it. */
            if (stack[sp] == 0.0 || !isfinite(stack[sp]))
                return kpi_none();
            stack[sp - 1] /= stack[sp];
            break;
        }
    }
    /* Overflow or inf - inf leave a non-finite value: report null, never inf or NaN. */
    if (!isfinite(stack[0]))
        return kpi_none();
    return kpi_some(stack[0] + 0.0); /* + 0.0 turns -0 into 0 */
}
