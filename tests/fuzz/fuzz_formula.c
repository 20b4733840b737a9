/* libFuzzer harness: KPI formula text through kpi_formula_compile, then kpi_formula_eval. */
#include "kpi/formula.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Measure sets that exercise zero denominators, signs, overflow and nulls. */
static void fill(kpi_measure_set *set, int variant)
{
    static const double odd[] = {0.0, -1.0, 1e308, 1e-308, 3.0, -0.0, 7.5};
    kpi_measures_init(set);
    for (int m = 0; m < KPI_MEASURE_COUNT; m++) {
        if (variant == 0)
            kpi_measures_set(set, (kpi_measure)m, m + 1);
        else if (variant == 1)
            kpi_measures_set(set, (kpi_measure)m, odd[m % 7]);
        else if (m % 3 != 0)
            kpi_measures_set(set, (kpi_measure)m, -m * 1e200);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* one byte past the cap, so the length check is exercised too */
    char text[KPI_FORMULA_MAX_TEXT + 2];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';

    kpi_formula f;
    kpi_error err;
    memset(&err, 0x55, sizeof err);
    kpi_status st = kpi_formula_compile(text, &f, &err);
    if (st != KPI_OK) {
        if (memchr(err.message, '\0', sizeof err.message) == NULL)
            abort(); /* the message must be a string */
        int len = (int)strlen(text);
        if ((st == KPI_ERR_SYNTAX || st == KPI_ERR_UNKNOWN) &&
            (err.position < 1 || err.position > len + 1))
            abort(); /* the position must point into the text */
        return 0;
    }
    if (f.n_code > KPI_FORMULA_MAX_CODE || f.n_const > KPI_FORMULA_MAX_CONST)
        abort();
    for (int variant = 0; variant < 3; variant++) {
        kpi_measure_set set;
        fill(&set, variant);
        kpi_opt v = kpi_formula_eval(&f, &set);
        if (v.present && (!isfinite(v.value) || (signbit(v.value) && v.value == 0)))
            abort(); /* never NaN, infinity or -0 */
    }
    return 0;
}
