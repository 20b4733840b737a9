/* A nullable double: facts, plans and attainments may be absent (SQL NULL, JSON null). */
#ifndef KPI_VALUE_H
#define KPI_VALUE_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * `value` is meaningful only when `present` is true. libkpi never stores NaN
 * or infinity in a present value: a computation that would produce one
 * (a zero denominator, an overflow) yields an absent value instead.
 */
typedef struct kpi_opt {
    bool present;
    double value;
} kpi_opt;

static inline kpi_opt kpi_some(double value)
{
    kpi_opt o = {true, value};
    return o;
}

static inline kpi_opt kpi_none(void)
{
    kpi_opt o = {false, 0.0};
    return o;
}

#ifdef __cplusplus
}
#endif

#endif
