/* Parsing CSV uploads as spreadsheets and ad platforms export them: an optional UTF-8 BOM, a
 * header row, `,` or `;` between fields, fields quoted with "" (doubled inside), LF or CRLF
 * line ends, line breaks inside quoted fields. */
#ifndef KPID_INGEST_CSV_TABLE_H
#define KPID_INGEST_CSV_TABLE_H

#include <stdbool.h>
#include <stddef.h>

/* One record: its fields (NUL-terminated copies) and the line it starts on (from 1). */
struct kpid_csv_record {
    char **fields;
    size_t n;
    size_t line;
};

struct kpid_csv_table {
    char separator;                  /* ',' or ';' */
    struct kpid_csv_record *records; /* the header first; blank lines are skipped */
    size_t n;
};

enum kpid_csv_status {
    KPID_CSV_OK,
    KPID_CSV_NOMEM,
    KPID_CSV_BAD_QUOTE, /* an unclosed quote, or text after a closing one */
    KPID_CSV_TOO_MANY,  /* more than max_records records */
};

/*
 * Parses text[0..len). The separator is the one of `,` and `;` that occurs more often in
 * the first line outside quotes (`,` on a tie). On KPID_CSV_BAD_QUOTE *bad_line is the line
 * of the fault. Free the table whatever the outcome.
 */
enum kpid_csv_status kpid_csv_table_parse(const char *text, size_t len, size_t max_records,
                                          struct kpid_csv_table *t, size_t *bad_line);

void kpid_csv_table_free(struct kpid_csv_table *t);

/*
 * A number as spreadsheets write it, into a plain decimal in out (size cap): spaces and
 * no-break spaces (thousands groups) dropped, a decimal comma read as a point. False unless
 * the rest is digits with at most one decimal separator and digits on both sides of it.
 */
bool kpid_csv_decimal(const char *cell, char *out, size_t cap);

#endif
