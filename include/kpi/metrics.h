/* The built-in metric catalogue of docs/kpi-semantics.md section 4, defined as formulas. */
#ifndef KPI_METRICS_H
#define KPI_METRICS_H

#include <stddef.h>

#include "kpi/error.h"
#include "kpi/formula.h"
#include "kpi/unit.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One catalogue entry; all strings are static. `formula` is ordinary formula
 * text, compiled by kpi_metric_compile through the same engine as custom
 * KPI formulas, so there is one implementation of every number.
 */
typedef struct kpi_metric {
    const char *id;   /* "cpl": the `metric` a KPI definition names */
    const char *name; /* "Cost per lead": for people */
    const char *formula;
    kpi_unit unit;
    kpi_direction direction;
} kpi_metric;

/* Entries in the catalogue. */
size_t kpi_metric_count(void);

/* Entry i (0 <= i < kpi_metric_count()), in the document's order; NULL past the end. */
const kpi_metric *kpi_metric_at(size_t i);

/* The entry with this id (NUL-terminated, borrowed), or NULL. */
const kpi_metric *kpi_metric_find(const char *id);

/* Compiles the entry's formula into *out (see kpi_formula_compile). */
kpi_status kpi_metric_compile(const kpi_metric *metric, kpi_formula *out, kpi_error *err);

#ifdef __cplusplus
}
#endif

#endif
