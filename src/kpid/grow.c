/* Grows heap buffers by doubling their capacity. */
#include "kpid/grow.h"

#include <stdlib.h>

bool kpid_grow(char **data, size_t *cap, size_t need, size_t first)
{
    if (need <= *cap)
        return true;
    size_t want = *cap ? *cap : first;
    while (want < need)
        want *= 2;
    char *grown = realloc(*data, want);
    if (grown == NULL)
        return false;
    *data = grown;
    *cap = want;
    return true;
}
