/* kpid-datagen's COPY writer: rows in PostgreSQL's text format, streamed in large chunks. */
#ifndef KPID_BENCH_DATAGEN_COPY_H
#define KPID_BENCH_DATAGEN_COPY_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One COPY ... FROM STDIN in progress on a connection. */
struct dg_copy {
    PGconn *conn;
    char *buf;
    size_t len, cap;
    bool row_started;
    bool failed;
    uint64_t rows;
};

/* Starts `sql` (a COPY ... FROM STDIN); 0, or -1 with the server's message on stderr. */
int dg_copy_begin(struct dg_copy *c, PGconn *conn, const char *sql);

/* Appends one field to the current row: text (NULL writes \N), or a typed value. */
void dg_copy_text(struct dg_copy *c, const char *s);
void dg_copy_bool(struct dg_copy *c, bool v);
void dg_copy_double(struct dg_copy *c, double v);

/* Ends the current row. */
void dg_copy_row_end(struct dg_copy *c);

/* Sends the rest and ends the COPY; 0, or -1 with the server's message on stderr. */
int dg_copy_finish(struct dg_copy *c);

#endif
