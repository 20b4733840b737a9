/* Converters from PostgreSQL text values to the JSON kpid answers with. */
#ifndef KPID_JSON_JSON_OUT_H
#define KPID_JSON_JSON_OUT_H

#include <jansson.h>

/* "2025-01-15 07:00:00.5+00" (sessions run in UTC) -> "2025-01-15T07:00:00.5Z"; NULL -> null. */
json_t *kpid_json_timestamp(const char *pg);

/* Text or null. */
json_t *kpid_json_text(const char *pg);

/* A PostgreSQL numeric/float/int as a JSON number (integer when it has no fraction); null. */
json_t *kpid_json_number(const char *pg);

/* "t"/"f" -> true/false; NULL -> null. */
json_t *kpid_json_bool(const char *pg);

/* A jsonb/json column -> parsed JSON (null when NULL or unparsable). */
json_t *kpid_json_parse(const char *pg);

/* A text[] literal such as {a,b} (simple elements only) -> ["a","b"]. */
json_t *kpid_json_text_array(const char *pg);

#endif
