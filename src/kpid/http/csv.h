/* CSV answers for BI tools: content negotiation and RFC 4180 output of flattened JSON rows. */
#ifndef KPID_HTTP_CSV_H
#define KPID_HTTP_CSV_H

#include "kpid/http/request.h"

#include <jansson.h>
#include <stdbool.h>

/*
 * Which representation the client asked for: ?format=csv|json wins, else an Accept header
 * naming text/csv. *csv receives the answer; an unknown ?format= is answered 422 here.
 */
enum kpid_outcome kpid_http_negotiate_csv(struct kpid_request *req, bool *csv);

/* A copy of obj in which nested objects are lifted into "parent_member" members. */
json_t *kpid_json_flatten(const json_t *obj);

/*
 * The CSV text of rows (see kpid_http_reply_csv) in a malloc'd buffer of *len bytes; NULL
 * when out of memory. Text cells that begin with = + - @, tab or CR are prefixed with an
 * apostrophe so that spreadsheets do not run them as formulas.
 */
char *kpid_csv_render(const json_t *rows, size_t *len);

/*
 * Replies 200 text/csv; charset=utf-8: a header row naming every member met in the rows
 * (objects, flattened with kpid_json_flatten; first-seen order), then one line per row with
 * the same numbers as the JSON (strings quoted when needed, null empty, arrays as JSON
 * text). Takes ownership of rows (an array).
 */
enum kpid_outcome kpid_http_reply_csv(struct kpid_request *req, json_t *rows);

#endif
