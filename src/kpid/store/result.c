/* Reads statement results by column name for the layers above the store. */
#include "kpid/store/result.h"

#include "kpid/log.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kpid_result_rows(const kpid_result *r)
{
    return PQntuples(r);
}

int kpid_result_column(const kpid_result *r, const char *column)
{
    int col = PQfnumber(r, column);
    if (col < 0)
        kpid_log(KPID_LOG_ERROR, "a result has no column %s", column);
    return col;
}

const char *kpid_result_value(const kpid_result *r, int row, int col)
{
    return col < 0 || PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

const char *kpid_result_text(const kpid_result *r, int row, const char *column)
{
    return kpid_result_value(r, row, kpid_result_column(r, column));
}

void kpid_result_copy(const kpid_result *r, int row, const char *column, char *buf, size_t size)
{
    const char *v = kpid_result_text(r, row, column);
    snprintf(buf, size, "%s", v ? v : "");
}

bool kpid_result_bool(const kpid_result *r, int row, const char *column)
{
    const char *v = kpid_result_text(r, row, column);
    return v != NULL && v[0] == 't';
}

char *kpid_result_bytes(const kpid_result *r, int row, const char *column, size_t *len)
{
    const char *text = kpid_result_text(r, row, column);
    unsigned char *raw = text ? PQunescapeBytea((const unsigned char *)text, len) : NULL;
    char *copy = raw ? malloc(*len + 1) : NULL;
    if (copy != NULL) {
        memcpy(copy, raw, *len);
        copy[*len] = '\0';
    }
    PQfreemem(raw);
    return copy;
}

void kpid_result_free(kpid_result *r)
{
    PQclear(r);
}
