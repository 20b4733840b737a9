/* Decodes two-digit hexadecimal bytes for URL escapes, form bodies and signatures. */
#include "kpid/hex.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int kpid_hex_byte(const char *s)
{
    int hi = hex_value(s[0]);
    int lo = hi >= 0 ? hex_value(s[1]) : -1;
    return lo >= 0 ? hi << 4 | lo : -1;
}
