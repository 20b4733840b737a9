/* Enum value <-> name tables shared by units, directions, period kinds and statuses. */
#include "names_internal.h"

#include <string.h>

int kpi_name_index(const char *const *names, size_t n, const char *text)
{
    for (size_t i = 0; text != NULL && i < n; i++)
        if (strcmp(names[i], text) == 0)
            return (int)i;
    return -1;
}

const char *kpi_name_of(const char *const *names, size_t n, int value)
{
    return value >= 0 && (size_t)value < n ? names[value] : "invalid";
}
