/* The reporting schema from a BI tool's side: `kpid reporting grant|revoke` and queries run
 * over libpq as the workspace's role. */
#ifndef KPID_TESTS_API_REPORTING_UTIL_H
#define KPID_TESTS_API_REPORTING_UTIL_H

#include <libpq-fe.h>

/* `kpid reporting grant --workspace NAME`: the connection string it printed (free it). */
char *reporting_grant(const char *workspace);

/* `kpid reporting revoke --workspace NAME`; the test fails unless it exits 0. */
void reporting_revoke(const char *workspace);

/* A connection with url; the test fails unless it is made. PQfinish it. */
PGconn *reporting_connect(const char *url);

/* The first column of the first row of sql (NULL when none or NULL; free it); the test fails
 * when the statement does. */
char *reporting_value(PGconn *conn, const char *sql);

/* Runs sql, which must fail with SQLSTATE state. */
void reporting_refused(PGconn *conn, const char *sql, const char *state);

#endif
