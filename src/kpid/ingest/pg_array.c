/* Builds PostgreSQL array literals with every element double-quoted and escaped. */
#include "kpid/ingest/pg_array.h"

#include <stdlib.h>
#include <string.h>

static void put(struct kpid_pg_array *a, const char *bytes, size_t n)
{
    if (a->failed)
        return;
    if (a->len + n + 2 > a->cap) { /* room for the closing brace and NUL */
        size_t cap = a->cap ? a->cap : 256;
        while (cap < a->len + n + 2)
            cap *= 2;
        char *grown = realloc(a->data, cap);
        if (grown == NULL) {
            a->failed = true;
            return;
        }
        a->data = grown;
        a->cap = cap;
    }
    memcpy(a->data + a->len, bytes, n);
    a->len += n;
}

void kpid_pg_array_add(struct kpid_pg_array *a, const char *value)
{
    put(a, a->count++ ? "," : "{", 1);
    if (value == NULL) {
        put(a, "NULL", 4);
        return;
    }
    put(a, "\"", 1);
    for (const char *p = value; *p != '\0';) {
        size_t run = strcspn(p, "\"\\");
        put(a, p, run);
        p += run;
        if (*p != '\0') {
            put(a, "\\", 1);
            put(a, p++, 1);
        }
    }
    put(a, "\"", 1);
}

const char *kpid_pg_array_text(struct kpid_pg_array *a)
{
    if (a->len == 0)
        put(a, "{", 1);
    if (a->failed)
        return NULL;
    a->data[a->len] = '}';
    a->data[a->len + 1] = '\0';
    return a->data;
}

void kpid_pg_array_free(struct kpid_pg_array *a)
{
    free(a->data);
    *a = (struct kpid_pg_array){0};
}
