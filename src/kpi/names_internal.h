/* Internal lookup of an enum value by its name in a table indexed by value. */
#ifndef KPI_NAMES_INTERNAL_H
#define KPI_NAMES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* Index of `text` (NUL-terminated, may be NULL) in names[0..n), or -1. */
int kpi_name_index(const char *const *names, size_t n, const char *text);

/* names[value] when value is in [0, n), else "invalid". */
const char *kpi_name_of(const char *const *names, size_t n, int value);

#endif
