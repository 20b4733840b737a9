/* Writes JSON rows as RFC 4180 CSV, or as Excel reads it with a decimal-comma locale;
 * numbers formatted as in the JSON replies. */
#include "kpid/http/csv.h"

#include "kpid/enums.h"
#include "kpid/grow.h"
#include "kpid/json/json_dump.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Whether `text` contains `word` in any case. */
static bool contains_nocase(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (; *text; text++)
        if (strncasecmp(text, word, n) == 0)
            return true;
    return false;
}

enum kpid_outcome kpid_http_negotiate_csv(struct kpid_request *req,
                                          enum kpid_reply_format *format)
{
    const char *asked = kpid_http_query(req, "format");
    const char *dialect = kpid_http_query(req, "dialect");
    const char *accept = kpid_http_header(req, "Accept");
    if (asked != NULL && strcmp(asked, "csv") != 0 && strcmp(asked, "json") != 0)
        return kpid_http_invalid_field(req, "/format", "one of csv, json");
    int d = 0;
    if (dialect != NULL)
        for (; kpid_csv_dialects[d] != NULL && strcmp(kpid_csv_dialects[d], dialect) != 0; d++)
            ;
    if (kpid_csv_dialects[d] == NULL)
        return kpid_http_invalid_field(req, "/dialect", "one of rfc4180, excel");
    bool csv = asked != NULL ? strcmp(asked, "csv") == 0
                             : accept != NULL && contains_nocase(accept, "text/csv");
    *format = csv ? (enum kpid_reply_format)(KPID_FORMAT_CSV + d) : KPID_FORMAT_JSON;
    return KPID_OK;
}

static void flatten_into(json_t *out, const char *prefix, const json_t *obj)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)(uintptr_t)obj, key, value)
    {
        char name[256];
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "_" : "", key);
        if (json_is_object(value))
            flatten_into(out, name, value);
        else
            json_object_set(out, name, value);
    }
}

json_t *kpid_json_flatten(const json_t *obj)
{
    json_t *out = json_object();
    flatten_into(out, "", obj);
    return out;
}

struct buf {
    char *data;
    size_t len, cap;
    bool failed;
    char sep;     /* between cells */
    char decimal; /* the decimal mark of numbers */
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->failed || !kpid_grow(&b->data, &b->cap, b->len + n + 1, 1024)) {
        b->failed = true;
        return;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

/*
 * A text field, quoted when it holds the separator, a quote or a line break. Text that a
 * spreadsheet would run as a formula (first character = + - @, tab or CR) gets a leading
 * apostrophe, as OWASP advises against CSV injection; numbers never pass through here.
 */
static void put_text(struct buf *b, const char *s)
{
    bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
    char special[] = {b->sep, '"', '\r', '\n', '\0'};
    if (strpbrk(s, special) == NULL) {
        put(b, "'", formula);
        put(b, s, strlen(s));
        return;
    }
    put(b, "\"", 1);
    put(b, "'", formula);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            put(b, "\"\"", 2);
        else
            put(b, p, 1);
    }
    put(b, "\"", 1);
}

/* One cell: the value as the JSON reply writes it (strings unquoted, null empty). */
static void put_cell(struct buf *b, const json_t *v)
{
    if (v == NULL || json_is_null(v))
        return;
    if (json_is_string(v)) {
        put_text(b, json_string_value(v));
        return;
    }
    json_t *wrap = json_pack("[O]", v);
    char *text = wrap ? kpid_json_dumps(wrap) : NULL;
    json_decref(wrap);
    if (text == NULL) {
        b->failed = true;
        return;
    }
    if (json_is_array(v) || json_is_object(v)) {
        text[strlen(text) - 1] = '\0';
        put_text(b, text + 1);
    } else {
        char *point = strchr(text, '.');
        if (point != NULL)
            *point = b->decimal;
        put(b, text + 1, strlen(text) - 2);
    }
    free(text);
}

/* The header row: every column name, in first-seen order. */
static void put_header(struct buf *b, json_t *columns)
{
    const char *key;
    size_t sep = 0;
    json_t *value;
    json_object_foreach(columns, key, value)
    {
        put(b, &b->sep, sep);
        put_text(b, key);
        sep = 1;
    }
    put(b, "\r\n", 2);
}

static void put_row(struct buf *b, json_t *columns, const json_t *row)
{
    const char *key;
    size_t sep = 0;
    json_t *value;
    json_object_foreach(columns, key, value)
    {
        put(b, &b->sep, sep);
        put_cell(b, json_object_get(row, key));
        sep = 1;
    }
    put(b, "\r\n", 2);
}

char *kpid_csv_render(const json_t *rows, enum kpid_reply_format format, size_t *len)
{
    json_t *flat = json_array(), *columns = json_object();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *f = kpid_json_flatten(row);
        const char *key;
        json_t *value;
        json_object_foreach(f, key, value) json_object_set_new(columns, key, json_null());
        json_array_append_new(flat, f);
    }
    bool excel = format == KPID_FORMAT_CSV_EXCEL;
    struct buf b = {.sep = excel ? ';' : ',', .decimal = excel ? ',' : '.'};
    /* the byte order mark is how Excel knows the file is UTF-8 rather than the ANSI code page */
    put(&b, "\xEF\xBB\xBF", excel ? 3 : 0);
    put_header(&b, columns);
    json_array_foreach(flat, i, row) put_row(&b, columns, row);
    json_decref(flat);
    json_decref(columns);
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

enum kpid_outcome kpid_http_reply_csv(struct kpid_request *req, enum kpid_reply_format format,
                                      json_t *rows)
{
    size_t len = 0;
    char *text = kpid_csv_render(rows, format, &len);
    json_decref(rows);
    if (text == NULL)
        return KPID_SYSERR;
    return kpid_http_reply_buffer(req, 200, "text/csv; charset=utf-8", text, len);
}
