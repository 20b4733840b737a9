/* A statement's result as the rest of kpid reads it: rows and columns by name, no libpq. */
#ifndef KPID_STORE_RESULT_H
#define KPID_STORE_RESULT_H

#include <stdbool.h>
#include <stddef.h>

/* libpq's PGresult; only src/kpid/store looks inside. */
struct pg_result;
typedef struct pg_result kpid_result;

/* The number of rows. */
int kpid_result_rows(const kpid_result *r);

/*
 * The text of column `column` in row `row`, or NULL for SQL NULL. A column the statement
 * does not return is a programming error: it is logged and read as NULL.
 */
const char *kpid_result_text(const kpid_result *r, int row, const char *column);

/* Copies the text of a column into buf of size bytes, truncated; "" for SQL NULL. */
void kpid_result_copy(const kpid_result *r, int row, const char *column, char *buf, size_t size);

/* A boolean column: true only for a non-NULL true. */
bool kpid_result_bool(const kpid_result *r, int row, const char *column);

/* A bytea column's bytes as a malloc()ed copy of *len bytes (plus a NUL past them, not
 * counted), for the caller to free(); NULL for SQL NULL or when out of memory. */
char *kpid_result_bytes(const kpid_result *r, int row, const char *column, size_t *len);

/* The index of `column` in the result, or -1 (logged) when the statement does not return it.
 * Look it up once per result, then read cells with kpid_result_value. */
int kpid_result_column(const kpid_result *r, const char *column);

/* The text of the cell at (row, col), or NULL for SQL NULL or col -1. */
const char *kpid_result_value(const kpid_result *r, int row, int col);

/* Frees the result; NULL is fine. */
void kpid_result_free(kpid_result *r);

#endif
