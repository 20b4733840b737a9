/* Builds PostgreSQL array literals with every element double-quoted and escaped. */
#include "kpid/ingest/pg_array.h"

#include "kpid/grow.h"

#include <stdlib.h>
#include <string.h>

void kpid_pg_text_put(struct kpid_pg_array *a, const char *bytes, size_t n)
{
    /* room for the closing brace and NUL */
    if (a->failed || !kpid_grow(&a->data, &a->cap, a->len + n + 2, 256)) {
        a->failed = true;
        return;
    }
    memcpy(a->data + a->len, bytes, n);
    a->len += n;
    a->data[a->len] = '\0';
}

void kpid_pg_text_put_quoted(struct kpid_pg_array *a, const char *value)
{
    kpid_pg_text_put(a, "\"", 1);
    for (const char *p = value; *p != '\0';) {
        size_t run = strcspn(p, "\"\\");
        kpid_pg_text_put(a, p, run);
        p += run;
        if (*p != '\0') {
            kpid_pg_text_put(a, "\\", 1);
            kpid_pg_text_put(a, p++, 1);
        }
    }
    kpid_pg_text_put(a, "\"", 1);
}

void kpid_pg_array_add(struct kpid_pg_array *a, const char *value)
{
    kpid_pg_text_put(a, a->count++ ? "," : "{", 1);
    if (value == NULL)
        kpid_pg_text_put(a, "NULL", 4);
    else
        kpid_pg_text_put_quoted(a, value);
}

const char *kpid_pg_array_text(struct kpid_pg_array *a)
{
    if (a->len == 0)
        kpid_pg_text_put(a, "{", 1);
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
