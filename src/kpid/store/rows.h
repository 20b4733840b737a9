/* Typed rows out of a query result: the conversion loop every loader would repeat. */
#ifndef KPID_STORE_ROWS_H
#define KPID_STORE_ROWS_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>
#include <stddef.h>

/* How one kind of row is read: from_row fills the element `item` from row i (false when the
 * stored row is unusable, logged by from_row), reading columns by name with kpid_result_text;
 * clear frees what an element owns (NULL when elements own nothing). */
struct kpid_db_row_kind {
    size_t size; /* of one element */
    bool (*from_row)(const kpid_result *res, int i, void *item);
    void (*clear)(void *item);
};

/*
 * Converts every row of res (taken over: cleared here) into a calloc()ed array of *n
 * elements (free the elements with clear, then the array). NULL with *n = 0 when out of
 * memory or a row is unusable; the elements converted so far are cleared then.
 */
void *kpid_db_rows(kpid_result *res, const struct kpid_db_row_kind *kind, size_t *n);

/*
 * A loader's last step: res (NULL when its statement failed with *st) as kpid_db_rows
 * converts it. NULL with *n = 0 and *st left as it is when res is NULL; else the array, *st
 * KPID_DB_OK, or NULL with *st KPID_DB_ERROR when the conversion failed.
 */
void *kpid_db_rows_of(kpid_result *res, const struct kpid_db_row_kind *kind, size_t *n,
                      enum kpid_db_status *st);

/* Clears the n elements of items (an array of kpid_db_rows) and frees it; NULL is nothing. */
void kpid_db_rows_free(void *items, size_t n, const struct kpid_db_row_kind *kind);

/*
 * Converts the one row of res (taken over) into *item when there is one (*found = true).
 * KPID_DB_ERROR when that row is unusable (item cleared), else KPID_DB_OK.
 */
enum kpid_db_status kpid_db_row(kpid_result *res, const struct kpid_db_row_kind *kind, void *item,
                                bool *found);

#endif
