/* CSV uploads of channel records: each row becomes the JSON object the JSON form takes and
 * goes through the same field table and checks, so both forms accept the same records. */
#include "kpid/handlers/channel_stats_csv.h"

#include "kpid/handlers/channel_stats_write.h"
#include "kpid/http/write.h"
#include "kpid/ingest/csv_table.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum column_kind {
    COLUMN_TEXT,    /* channel, campaign, note */
    COLUMN_DATE,    /* date: YYYY-MM-DD or DD.MM.YYYY */
    COLUMN_NUMBER,  /* spend and the named counters */
    COLUMN_COUNTER, /* any other column: a free counter */
    COLUMN_IGNORED, /* id, ingested_at, updated_at: so a listed CSV can be uploaded back */
};

struct column {
    char *name;      /* lower-cased, trimmed header */
    const char *key; /* the member or free counter it names: name, or x of "counters_x" */
    char *pointer;   /* where its value goes in the record: "/clicks", "/counters/calls" */
    enum column_kind kind;
};

struct upload {
    struct kpid_csv_table table;
    struct column *columns;
    size_t n_columns;
    struct kpid_fields *rows; /* one per data record */
    size_t n_rows;
    json_t *errors;
    size_t created, updated;
};

/* Bad cells listed in one answer: enough to fix an export's column, not a page per row. */
#define ERRORS_MAX 100

/* Adds an error at (line, column from 1; 0 for the whole line), up to ERRORS_MAX. */
static void add_error(struct upload *u, size_t line, size_t column, const char *message)
{
    if (json_array_size(u->errors) == ERRORS_MAX)
        return;
    const char *pointer = column > 0 ? u->columns[column - 1].pointer : "";
    char text[320];
    if (column > 0)
        snprintf(text, sizeof text, "line %zu, column %zu (%s): %s", line, column,
                 u->columns[column - 1].name, message);
    else
        snprintf(text, sizeof text, "line %zu: %s", line, message);
    json_t *e =
        json_pack("{s:s,s:I,s:s}", "field", pointer, "line", (json_int_t)line, "message", text);
    if (column > 0)
        json_object_set_new(e, "column", json_integer((json_int_t)column));
    json_array_append_new(u->errors, e);
}

static enum column_kind kind_of(const char *name)
{
    if (strcmp(name, "date") == 0)
        return COLUMN_DATE;
    if (strcmp(name, "channel") == 0 || strcmp(name, "campaign") == 0 || strcmp(name, "note") == 0)
        return COLUMN_TEXT;
    if (strcmp(name, "counters") != 0 &&
        kpid_fields_writable(kpid_channel_stats_spec, kpid_channel_stats_spec_n, name))
        return COLUMN_NUMBER;
    if (kpid_fields_index(kpid_channel_stats_spec, kpid_channel_stats_spec_n, name) >= 0)
        return COLUMN_IGNORED; /* a read-only member */
    return COLUMN_COUNTER;
}

/* The free counter a column names: "counters_calls" (as GET /v1/channel-stats writes free
 * counters in CSV) and "calls" both name calls. */
static const char *counter_key(const char *name)
{
    static const char prefix[] = "counters_";
    size_t n = sizeof prefix - 1;
    return strncmp(name, prefix, n) == 0 && name[n] != '\0' ? name + n : name;
}

/* The header, trimmed and lower-cased (ASCII letters), into u->columns; errors for an
 * unusable name, a repeated one, and a missing date or channel. */
static bool read_header(struct upload *u)
{
    const struct kpid_csv_record *h = &u->table.records[0];
    u->columns = calloc(h->n, sizeof *u->columns);
    if (u->columns == NULL)
        return false;
    u->n_columns = h->n;
    bool date = false, channel = false;
    for (size_t i = 0; i < h->n; i++) {
        const char *s = h->fields[i];
        while (*s == ' ')
            s++;
        size_t n = strlen(s);
        while (n > 0 && s[n - 1] == ' ')
            n--;
        struct column *c = &u->columns[i];
        c->name = strndup(s, n);
        if (c->name == NULL)
            return false;
        for (char *p = c->name; *p != '\0'; p++)
            *p = (char)tolower((unsigned char)*p);
        c->kind = kind_of(c->name);
        c->key = c->kind == COLUMN_COUNTER ? counter_key(c->name) : c->name;
        size_t size = strlen(c->name) + sizeof "/counters/";
        if ((c->pointer = malloc(size)) == NULL)
            return false;
        snprintf(c->pointer, size, c->kind == COLUMN_COUNTER ? "/counters/%s" : "/%s", c->key);
        date |= c->kind == COLUMN_DATE;
        channel |= strcmp(c->name, "channel") == 0;
        if (c->kind == COLUMN_COUNTER && !kpid_free_counter_name_ok(c->key))
            add_error(u, h->line, i + 1,
                      "a column name has 1 to 64 characters, none of them a control "
                      "character, / or ~");
        for (size_t j = 0; j < i; j++)
            if (strcmp(u->columns[j].pointer, c->pointer) == 0)
                add_error(u, h->line, i + 1, "the column is named twice");
    }
    if (!date || !channel)
        add_error(u, h->line, 0, "the header must name the columns date and channel");
    return true;
}

/* DD.MM.YYYY as YYYY-MM-DD into out; any other text as it is (the field table checks it). */
static void iso_date(const char *cell, char out[16])
{
    int d, m, y, end = 0;
    if (strlen(cell) == 10 && sscanf(cell, "%2d.%2d.%4d%n", &d, &m, &y, &end) == 3 && end == 10)
        snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(out, 16, "%.15s", cell);
}

/* The cell of column i as a JSON value into the record obj, or an error when it is not a
 * number where one is needed (the record then goes without it, so that the field table still
 * reports the other cells). An empty cell names nothing. */
static void put_cell(struct upload *u, const struct kpid_csv_record *r, size_t i, json_t *obj,
                     json_t *counters)
{
    const struct column *c = &u->columns[i];
    const char *cell = r->fields[i];
    if (cell[0] == '\0')
        return;
    char text[64];
    json_t *v = NULL;
    switch (c->kind) {
    case COLUMN_TEXT:
        v = json_string(cell);
        break;
    case COLUMN_DATE:
        iso_date(cell, text);
        v = json_string(text);
        break;
    case COLUMN_IGNORED:
        return;
    case COLUMN_NUMBER:
    case COLUMN_COUNTER:
        if (kpid_csv_decimal(cell, text, sizeof text))
            v = json_loads(text, JSON_DECODE_ANY, NULL);
        break;
    }
    if (v == NULL) {
        add_error(u, r->line, i + 1,
                  c->kind == COLUMN_TEXT ? "must be valid UTF-8" : "must be a number");
        return;
    }
    json_object_set_new(c->kind == COLUMN_COUNTER ? counters : obj, c->key, v);
}

/* The column whose pointer an error of the field table names, from 1; 0 when none. */
static size_t column_of(const struct upload *u, const char *pointer)
{
    for (size_t i = 0; pointer != NULL && i < u->n_columns; i++)
        if (strcmp(u->columns[i].pointer, pointer) == 0)
            return i + 1;
    return 0;
}

/* Converts and decodes data record k into u->rows[k - 1]. */
static void read_row(struct upload *u, size_t k)
{
    const struct kpid_csv_record *r = &u->table.records[k];
    if (r->n > u->n_columns) {
        add_error(u, r->line, 0, "more fields than the header names");
        return;
    }
    json_t *obj = json_object(), *counters = json_object();
    for (size_t i = 0; i < r->n; i++)
        put_cell(u, r, i, obj, counters);
    if (json_object_size(counters) > 0)
        json_object_set(obj, "counters", counters);
    json_t *errors = json_array();
    struct kpid_fields *f = &u->rows[k - 1];
    if (kpid_fields_decode(kpid_channel_stats_spec, kpid_channel_stats_spec_n, obj, "", false, f,
                           errors) == 0)
        kpid_channel_stats_check(f, "", errors);
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        const char *field = json_string_value(json_object_get(e, "field"));
        add_error(u, r->line, column_of(u, field),
                  json_string_value(json_object_get(e, "message")));
    }
    json_decref(errors);
    json_decref(counters);
    json_decref(obj);
}

static enum kpid_db_status write_rows(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                      struct kpid_write_result *out)
{
    struct upload *u = ctx;
    u->created = u->updated = 0;
    for (size_t i = 0; i < u->n_rows; i++) {
        json_t *row;
        bool created;
        enum kpid_db_status st =
            kpid_channel_stats_upsert(db, req->auth.workspace_id, &u->rows[i], &row, &created);
        if (st != KPID_DB_OK)
            return st;
        json_decref(row);
        *(created ? &u->created : &u->updated) += 1;
    }
    out->status = 200;
    out->body = json_pack("{s:I,s:I,s:I}", "rows", (json_int_t)u->n_rows, "created",
                          (json_int_t)u->created, "updated", (json_int_t)u->updated);
    return KPID_DB_OK;
}

static void upload_free(struct upload *u)
{
    for (size_t i = 0; i < u->n_columns; i++) {
        free(u->columns[i].name);
        free(u->columns[i].pointer);
    }
    free(u->columns);
    for (size_t i = 0; i < u->n_rows; i++)
        kpid_fields_clear(&u->rows[i]);
    free(u->rows);
    json_decref(u->errors);
    kpid_csv_table_free(&u->table);
}

/* Parses, reads and checks the whole upload; KPID_OK when u->rows are ready to write. */
static enum kpid_outcome read_upload(struct kpid_request *req, struct upload *u)
{
    size_t bad_line;
    switch (kpid_csv_table_parse(req->body, req->body_len, KPID_CHANNEL_STATS_CSV_ROWS + 1,
                                 &u->table, &bad_line)) {
    case KPID_CSV_OK:
        break;
    case KPID_CSV_NOMEM:
        return KPID_SYSERR;
    case KPID_CSV_BAD_QUOTE:
        add_error(u, bad_line, 0,
                  "a quoted field is not closed, or text follows its closing quote");
        return KPID_OK;
    case KPID_CSV_TOO_MANY:
        add_error(u, 1, 0, "an upload has at most 10000 rows");
        return KPID_OK;
    }
    if (u->table.n < 2) {
        add_error(u, 1, 0, "a header row and at least one data row are required");
        return KPID_OK;
    }
    if (!read_header(u))
        return KPID_SYSERR;
    if (json_array_size(u->errors) > 0)
        return KPID_OK;
    u->rows = calloc(u->table.n - 1, sizeof *u->rows);
    if (u->rows == NULL)
        return KPID_SYSERR;
    u->n_rows = u->table.n - 1;
    for (size_t k = 1; k < u->table.n; k++)
        read_row(u, k);
    return KPID_OK;
}

enum kpid_outcome kpid_channel_stats_csv_post(struct kpid_request *req)
{
    struct upload u = {.errors = json_array()};
    enum kpid_outcome rc = read_upload(req, &u);
    if (rc == KPID_OK && json_array_size(u.errors) > 0) {
        const char *first =
            json_string_value(json_object_get(json_array_get(u.errors, 0), "message"));
        rc = kpid_http_problem(req, 422, "validation", json_incref(u.errors),
                               "the upload is not valid, nothing was stored: %s", first);
    } else if (rc == KPID_OK) {
        rc = kpid_http_write(req, write_rows, &u);
    }
    upload_free(&u);
    return rc;
}
