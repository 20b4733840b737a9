/* Converts query results into arrays of typed rows, or one typed row. */
#include "kpid/store/rows.h"

#include <stdlib.h>

void kpid_db_rows_free(void *items, size_t n, const struct kpid_db_row_kind *kind)
{
    for (size_t k = 0; items != NULL && kind->clear != NULL && k < n; k++)
        kind->clear((char *)items + k * kind->size);
    free(items);
}

void *kpid_db_rows(kpid_result *res, const struct kpid_db_row_kind *kind, size_t *n)
{
    int rows = PQntuples(res);
    char *items = calloc(rows > 0 ? (size_t)rows : 1, kind->size);
    *n = 0;
    for (int i = 0; items != NULL && i < rows; i++) {
        *n = (size_t)i + 1;
        if (!kind->from_row(res, i, items + (size_t)i * kind->size)) {
            kpid_db_rows_free(items, *n, kind);
            items = NULL;
        }
    }
    if (items == NULL)
        *n = 0;
    PQclear(res);
    return items;
}

void *kpid_db_rows_of(kpid_result *res, const struct kpid_db_row_kind *kind, size_t *n,
                      enum kpid_db_status *st)
{
    *n = 0;
    if (res == NULL)
        return NULL;
    void *items = kpid_db_rows(res, kind, n);
    *st = items ? KPID_DB_OK : KPID_DB_ERROR;
    return items;
}

enum kpid_db_status kpid_db_row(kpid_result *res, const struct kpid_db_row_kind *kind, void *item,
                                bool *found)
{
    bool usable = true;
    *found = PQntuples(res) == 1;
    if (*found && !(usable = kind->from_row(res, 0, item)) && kind->clear != NULL)
        kind->clear(item);
    PQclear(res);
    return usable ? KPID_DB_OK : KPID_DB_ERROR;
}
