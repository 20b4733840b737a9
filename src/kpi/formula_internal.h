/* Opcodes of the compiled formula program, shared by the compiler and the evaluator. */
#ifndef KPI_FORMULA_INTERNAL_H
#define KPI_FORMULA_INTERNAL_H

enum kpi_formula_op {
    KPI_OP_CONST = 0, /* push constant[arg] */
    KPI_OP_MEASURE,   /* push measure arg */
    KPI_OP_NEG,       /* negate the top */
    KPI_OP_ADD,       /* pop b, pop a, push a + b */
    KPI_OP_SUB,
    KPI_OP_MUL,
    KPI_OP_DIV,    /* a zero denominator ends evaluation with null */
    KPI_OP_COUNTER /* push free counter counter[arg] */
};

#endif
