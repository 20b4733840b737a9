/* Helpers the lead, deal and settings API suites share: formatted requests and lookups. */
#ifndef KPID_TESTS_API_INGEST_UTIL_H
#define KPID_TESTS_API_INGEST_UTIL_H

#include "client.h"

#include <libpq-fe.h>

/* Sends METHOD path with a JSON body built from fmt (application/json, or
 * application/merge-patch+json for PATCH). */
struct api_response *api_sendf(const char *method, const char *path, const char *key,
                               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* An admin key of a workspace of its own, named after the test (free it). */
char *ingest_workspace(const char *name);

/* The id of what the POST answered by `r` created (201 asserted; frees r; free the id). */
char *ingest_created_id(struct api_response *r);

/* "<collection>/<id>" in a static buffer. */
const char *ingest_path(const char *collection, const char *id);

/* Whether a problem's errors name `field`. */
bool ingest_has_error(const struct api_response *r, const char *field);

#define assert_field_error(r, field)                                                               \
    ck_assert_msg(ingest_has_error((r), (field)), "%s %s: no error for %s in %.800s", (r)->method, \
                  (r)->path, (field), (r)->body)

/* The number of rows of the workspace named `workspace` in `table` (leads or deals), as the
 * database has them. */
long ingest_count(const char *table, const char *workspace);

/* Runs one statement on `conn`, a session the test holds open (asserted to succeed), and
 * returns its first value, or NULL (free it). */
char *ingest_sql_on(PGconn *conn, const char *sql);

/* The pages (buffers hit or read, shared and session-local) that kpid's statement in `file`
 * (a path under src/kpid/store/sql) reads when EXPLAIN ANALYZE runs it on `conn` with the
 * parameters `args` ("24, 5000"): it runs for real, in whatever transaction conn has open. */
long ingest_statement_pages(PGconn *conn, const char *file, const char *args);

#endif
