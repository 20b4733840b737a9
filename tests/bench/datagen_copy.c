/* kpid-datagen's COPY writer: escapes fields into PostgreSQL's text format and streams them. */
#include "datagen_copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (256 * 1024)

static void flush(struct dg_copy *c)
{
    if (c->failed || c->len == 0)
        return;
    if (PQputCopyData(c->conn, c->buf, (int)c->len) != 1) {
        fprintf(stderr, "kpid-datagen: COPY: %s", PQerrorMessage(c->conn));
        c->failed = true;
    }
    c->len = 0;
}

static void reserve(struct dg_copy *c, size_t more)
{
    if (c->len + more <= c->cap)
        return;
    flush(c);
    if (more > c->cap) {
        char *bigger = realloc(c->buf, more);
        if (bigger == NULL) {
            fprintf(stderr, "kpid-datagen: out of memory\n");
            exit(1);
        }
        c->buf = bigger;
        c->cap = more;
    }
}

int dg_copy_begin(struct dg_copy *c, PGconn *conn, const char *sql)
{
    memset(c, 0, sizeof *c);
    c->conn = conn;
    c->cap = CHUNK;
    c->buf = malloc(c->cap);
    if (c->buf == NULL) {
        fprintf(stderr, "kpid-datagen: out of memory\n");
        return -1;
    }
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        fprintf(stderr, "kpid-datagen: %s: %s", sql, PQerrorMessage(conn));
        PQclear(res);
        free(c->buf);
        c->buf = NULL;
        return -1;
    }
    PQclear(res);
    return 0;
}

static void separator(struct dg_copy *c)
{
    reserve(c, 1);
    if (c->row_started)
        c->buf[c->len++] = '\t';
    c->row_started = true;
}

void dg_copy_text(struct dg_copy *c, const char *s)
{
    separator(c);
    if (s == NULL) {
        reserve(c, 2);
        memcpy(c->buf + c->len, "\\N", 2);
        c->len += 2;
        return;
    }
    size_t n = strlen(s);
    reserve(c, 2 * n);
    for (; *s; s++) {
        switch (*s) {
        case '\\':
            c->buf[c->len++] = '\\';
            c->buf[c->len++] = '\\';
            break;
        case '\t':
            c->buf[c->len++] = '\\';
            c->buf[c->len++] = 't';
            break;
        case '\n':
            c->buf[c->len++] = '\\';
            c->buf[c->len++] = 'n';
            break;
        case '\r':
            c->buf[c->len++] = '\\';
            c->buf[c->len++] = 'r';
            break;
        default:
            c->buf[c->len++] = *s;
        }
    }
}

void dg_copy_bool(struct dg_copy *c, bool v)
{
    dg_copy_text(c, v ? "t" : "f");
}

void dg_copy_double(struct dg_copy *c, double v)
{
    char text[32];
    snprintf(text, sizeof text, "%.17g", v); /* round-trips exactly into double precision */
    dg_copy_text(c, text);
}

void dg_copy_row_end(struct dg_copy *c)
{
    reserve(c, 1);
    c->buf[c->len++] = '\n';
    c->row_started = false;
    c->rows++;
}

int dg_copy_finish(struct dg_copy *c)
{
    flush(c);
    free(c->buf);
    c->buf = NULL;
    if (PQputCopyEnd(c->conn, c->failed ? "kpid-datagen failed" : NULL) != 1) {
        fprintf(stderr, "kpid-datagen: COPY end: %s", PQerrorMessage(c->conn));
        return -1;
    }
    int rc = c->failed ? -1 : 0;
    PGresult *res;
    while ((res = PQgetResult(c->conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            fprintf(stderr, "kpid-datagen: COPY: %s", PQresultErrorMessage(res));
            rc = -1;
        }
        PQclear(res);
    }
    return rc;
}
