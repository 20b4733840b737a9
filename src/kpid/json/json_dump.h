/* Serialises replies: compact JSON whose reals are written in their shortest exact form. */
#ifndef KPID_JSON_JSON_DUMP_H
#define KPID_JSON_JSON_DUMP_H

#include <jansson.h>

/*
 * Like json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER), but every real is written with the
 * fewest significant digits (15 to 17) that read back as the same double: 0.1 stays "0.1"
 * (not 0.10000000000000001) and money rounded to the cent keeps at most 2 decimals, while no
 * precision is lost. Returns a malloc()ed string, or NULL.
 */
char *kpid_json_dumps(const json_t *v);

#endif
