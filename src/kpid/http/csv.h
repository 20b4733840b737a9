/* CSV answers for BI tools: content negotiation and RFC 4180 output of flattened JSON rows. */
#ifndef KPID_HTTP_CSV_H
#define KPID_HTTP_CSV_H

#include "kpid/http/request.h"

#include <jansson.h>
#include <stdbool.h>

/* A results answer's representation; the CSV ones in the order of kpid_csv_dialects. */
enum kpid_reply_format {
    KPID_FORMAT_JSON = 0,
    KPID_FORMAT_CSV,       /* RFC 4180: ',' between cells, '.' in numbers */
    KPID_FORMAT_CSV_EXCEL, /* Excel with a ',' decimal locale: BOM, ';', decimal commas */
};

/*
 * Which representation the client asked for: ?format=csv|json wins, else an Accept header
 * naming text/csv; a CSV answer is spelled by ?dialect=rfc4180|excel (default rfc4180). An
 * unknown ?format= or ?dialect= is answered 422 here.
 */
enum kpid_outcome kpid_http_negotiate_csv(struct kpid_request *req,
                                          enum kpid_reply_format *format);

/* A copy of obj in which nested objects are lifted into "parent_member" members. */
json_t *kpid_json_flatten(const json_t *obj);

/*
 * The CSV text of rows (see kpid_http_reply_csv) in format (a CSV one) in a malloc'd buffer
 * of *len bytes; NULL when out of memory. Text cells that begin with = + - @, tab or CR are
 * prefixed with an apostrophe so that spreadsheets do not run them as formulas.
 */
char *kpid_csv_render(const json_t *rows, enum kpid_reply_format format, size_t *len);

/*
 * Replies 200 text/csv; charset=utf-8: a header row naming every member met in the rows
 * (objects, flattened with kpid_json_flatten; first-seen order), then one line per row with
 * the same numbers as the JSON (strings quoted when needed, null empty, arrays as JSON
 * text), in format (a CSV one). Takes ownership of rows (an array).
 */
enum kpid_outcome kpid_http_reply_csv(struct kpid_request *req, enum kpid_reply_format format,
                                      json_t *rows);

#endif
