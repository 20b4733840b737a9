/* PostgreSQL array literals ({"a","b",NULL}) built from C strings, to pass a whole batch as
 * a few unnest() parameters instead of one statement per row. */
#ifndef KPID_INGEST_PG_ARRAY_H
#define KPID_INGEST_PG_ARRAY_H

#include <stdbool.h>
#include <stddef.h>

struct kpid_pg_array {
    char *data; /* NUL-terminated after each add */
    size_t len, cap;
    size_t count;
    bool failed; /* out of memory: kpid_pg_array_text answers NULL */
};

/* Appends an element: NULL is SQL NULL, anything else is quoted and escaped. */
void kpid_pg_array_add(struct kpid_pg_array *a, const char *value);

/* The literal ("{}" when empty), valid until kpid_pg_array_free; call it once, after the
 * last add. NULL when out of memory. */
const char *kpid_pg_array_text(struct kpid_pg_array *a);

void kpid_pg_array_free(struct kpid_pg_array *a);

/* The text of another literal built in a kpid_pg_array's buffer (a record's, say): appends
 * `n` bytes, or `value` in double quotes with its quotes and backslashes escaped, as array
 * and record literals both quote. */
void kpid_pg_text_put(struct kpid_pg_array *a, const char *bytes, size_t n);
void kpid_pg_text_put_quoted(struct kpid_pg_array *a, const char *value);

#endif
