/* Fixed-width digit scanning and printing: strict, locale-free, bounded. */
#include "text_internal.h"

bool kpi_scan_digits(const char *s, int width, int *out)
{
    int v = 0;
    for (int i = 0; i < width; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

void kpi_put_digits(char *s, int width, int value)
{
    for (int i = width - 1; i >= 0; i--) {
        s[i] = (char)('0' + value % 10);
        value /= 10;
    }
}
