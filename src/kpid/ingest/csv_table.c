/* A small RFC 4180 reader with the liberties of spreadsheet exports. */
#include "kpid/ingest/csv_table.h"

#include "kpid/grow.h"

#include <stdlib.h>
#include <string.h>

void kpid_csv_table_free(struct kpid_csv_table *t)
{
    for (size_t r = 0; r < t->n; r++) {
        for (size_t i = 0; i < t->records[r].n; i++)
            free(t->records[r].fields[i]);
        free(t->records[r].fields);
    }
    free(t->records);
    memset(t, 0, sizeof *t);
}

/* `,` or `;`: whichever the first line holds more of outside quotes. */
static char separator_of(const char *p, const char *end)
{
    size_t commas = 0, semicolons = 0;
    bool quoted = false;
    for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == ',')
            commas++;
        else if (!quoted && *p == ';')
            semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

/* A growing buffer for the field being read. */
struct cell {
    char *text;
    size_t len, cap;
};

static bool cell_put(struct cell *c, char ch)
{
    if (!kpid_grow(&c->text, &c->cap, c->len + 2, 64))
        return false;
    c->text[c->len++] = ch;
    c->text[c->len] = '\0';
    return true;
}

/* Appends the field in c (an empty string when nothing was read) to record r. */
static bool end_field(struct kpid_csv_record *r, size_t *cap, struct cell *c)
{
    if (!kpid_grow((char **)&r->fields, cap, (r->n + 1) * sizeof *r->fields, 8 * sizeof *r->fields))
        return false;
    char *text = c->text != NULL ? c->text : strdup("");
    if (text == NULL)
        return false;
    r->fields[r->n++] = text;
    memset(c, 0, sizeof *c);
    return true;
}

/* Whether the record is one empty field: a blank line. */
static bool blank(const struct kpid_csv_record *r)
{
    return r->n == 1 && r->fields[0][0] == '\0';
}

/* Appends record r to the table, or drops it when blank; false when out of memory. */
static bool end_record(struct kpid_csv_table *t, size_t *cap, struct kpid_csv_record *r)
{
    if (blank(r)) {
        free(r->fields[0]);
        free(r->fields);
    } else {
        if (!kpid_grow((char **)&t->records, cap, (t->n + 1) * sizeof *t->records,
                       64 * sizeof *t->records))
            return false;
        t->records[t->n++] = *r;
    }
    memset(r, 0, sizeof *r);
    return true;
}

/* Reads a quoted field after its opening quote into c, up to the closing quote ("" stands
 * for one quote); *p and *line advance past it. */
static enum kpid_csv_status quoted_field(const char **p, const char *end, char separator,
                                         size_t *line, struct cell *c, size_t *bad_line)
{
    size_t start_line = *line;
    for (;;) {
        if (*p == end) {
            *bad_line = start_line;
            return KPID_CSV_BAD_QUOTE;
        }
        char ch = *(*p)++;
        if (ch == '"' && *p < end && **p == '"')
            (*p)++;
        else if (ch == '"')
            break;
        else if (ch == '\n')
            (*line)++;
        if (!cell_put(c, ch))
            return KPID_CSV_NOMEM;
    }
    if (*p < end && **p != separator && **p != '\n' && **p != '\r') {
        *bad_line = *line;
        return KPID_CSV_BAD_QUOTE;
    }
    return KPID_CSV_OK;
}

enum kpid_csv_status kpid_csv_table_parse(const char *text, size_t len, size_t max_records,
                                          struct kpid_csv_table *t, size_t *bad_line)
{
    memset(t, 0, sizeof *t);
    *bad_line = 0;
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    t->separator = separator_of(p, end);
    size_t line = 1, records_cap = 0, fields_cap = 0;
    struct kpid_csv_record r = {.line = 1};
    struct cell c = {0};
    enum kpid_csv_status st = KPID_CSV_OK;
    while (st == KPID_CSV_OK && p < end) {
        char ch = *p++;
        if (ch == '"' && c.text == NULL) {
            st = quoted_field(&p, end, t->separator, &line, &c, bad_line);
        } else if (ch == t->separator) {
            st = end_field(&r, &fields_cap, &c) ? KPID_CSV_OK : KPID_CSV_NOMEM;
        } else if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && p < end && *p == '\n')
                p++;
            if (!end_field(&r, &fields_cap, &c) || !end_record(t, &records_cap, &r))
                st = KPID_CSV_NOMEM;
            else if (t->n > max_records)
                st = KPID_CSV_TOO_MANY;
            fields_cap = 0;
            r.line = ++line;
        } else if (!cell_put(&c, ch)) {
            st = KPID_CSV_NOMEM;
        }
    }
    /* the last record when the text does not end with a line break */
    if (st == KPID_CSV_OK && (r.n > 0 || c.text != NULL)) {
        if (!end_field(&r, &fields_cap, &c) || !end_record(t, &records_cap, &r))
            st = KPID_CSV_NOMEM;
        else if (t->n > max_records)
            st = KPID_CSV_TOO_MANY;
    }
    free(c.text);
    for (size_t i = 0; i < r.n; i++)
        free(r.fields[i]);
    free(r.fields);
    return st;
}

bool kpid_csv_decimal(const char *cell, char *out, size_t cap)
{
    size_t n = 0, digits_before = 0, digits_after = 0;
    bool point = false;
    for (const unsigned char *p = (const unsigned char *)cell; *p != '\0'; p++) {
        if (*p == ' ')
            continue;
        if (p[0] == 0xC2 && p[1] == 0xA0) { /* U+00A0 no-break space */
            p++;
            continue;
        }
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) { /* U+202F narrow no-break space */
            p += 2;
            continue;
        }
        char ch = (char)*p;
        if (ch == ',' || ch == '.') {
            if (point)
                return false;
            point = true;
            ch = '.';
        } else if (ch >= '0' && ch <= '9') {
            *(point ? &digits_after : &digits_before) += 1;
        } else {
            return false;
        }
        if (n + 1 >= cap)
            return false;
        out[n++] = ch;
    }
    out[n] = '\0';
    return digits_before > 0 && (!point || digits_after > 0);
}
