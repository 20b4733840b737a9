/* Stages JSON documents as a PostgreSQL array of records. */
#include "kpid/ingest/pg_records.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends a field (NULL: SQL NULL, nothing between the commas). A value that is empty or
 * holds a character the record syntax gives a meaning goes in quotes, its quotes and
 * backslashes escaped. */
static void put_field(struct kpid_pg_array *r, const char *value)
{
    if (value == NULL)
        return;
    if (*value != '\0' && strpbrk(value, "\"\\(),") == NULL)
        kpid_pg_text_put(r, value, strlen(value));
    else
        kpid_pg_text_put_quoted(r, value);
}

/* Appends member `v` of a document (NULL: missing) as a field. */
static void put_member(struct kpid_pg_array *r, const json_t *v)
{
    char number[40];
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_STRING:
        put_field(r, json_string_value(v));
        return;
    case JSON_TRUE:
        put_field(r, "t");
        return;
    case JSON_FALSE:
        put_field(r, "f");
        return;
    case JSON_INTEGER:
        snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        put_field(r, number);
        return;
    case JSON_REAL:
        /* 17 significant digits read back as the same double */
        snprintf(number, sizeof number, "%.17g", json_real_value(v));
        put_field(r, number);
        return;
    case JSON_OBJECT:
    case JSON_ARRAY: {
        char *text = json_dumps(v, JSON_COMPACT);
        r->failed = r->failed || text == NULL;
        if (text != NULL)
            put_field(r, text);
        free(text);
        return;
    }
    case JSON_NULL:
        return;
    }
}

void kpid_pg_records_of(const json_t *docs, const char *const *names, size_t n,
                        struct kpid_pg_array *out)
{
    *out = (struct kpid_pg_array){0};
    struct kpid_pg_array record = {0}; /* one document's, rebuilt for each */
    size_t i;
    const json_t *doc;
    json_array_foreach(docs, i, doc)
    {
        record.len = 0;
        kpid_pg_text_put(&record, "(", 1);
        for (size_t c = 0; c < n; c++) {
            if (c > 0)
                kpid_pg_text_put(&record, ",", 1);
            put_member(&record, json_object_get(doc, names[c]));
        }
        kpid_pg_text_put(&record, ")", 1);
        if (record.failed) {
            out->failed = true;
            break;
        }
        kpid_pg_array_add(out, record.data);
    }
    kpid_pg_array_free(&record);
}
