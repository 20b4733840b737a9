/* Growing a heap buffer by doubling: the one copy of that loop for the body, CSV and arrays. */
#ifndef KPID_GROW_H
#define KPID_GROW_H

#include <stdbool.h>
#include <stddef.h>

/* Makes *data (of *cap bytes; NULL and 0 at first) hold at least need bytes, doubling from
 * first; false when memory ran out, with *data and *cap as they were. */
bool kpid_grow(char **data, size_t *cap, size_t need, size_t first);

#endif
