/* Internal fixed-width digit scanning and printing shared by the date, time and period text forms.
 */
#ifndef KPI_TEXT_INTERNAL_H
#define KPI_TEXT_INTERNAL_H

#include <stdbool.h>

/*
 * Reads exactly `width` ASCII digits at `s` into *out. Stops at NUL, so it
 * never reads past the end of a shorter string. Returns false on a non-digit.
 */
bool kpi_scan_digits(const char *s, int width, int *out);

/* Writes the last `width` decimal digits of `value` (>= 0), zero-padded; no NUL. */
void kpi_put_digits(char *s, int width, int value);

#endif
