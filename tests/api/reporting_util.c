/* Helpers of the reporting tests: the grant/revoke commands and libpq as a BI tool uses it. */
#include "reporting_util.h"

#include "client.h"

#include <stdlib.h>
#include <string.h>

/* Runs `kpid reporting ACTION --workspace NAME`; its stdout (free it). */
static char *reporting_run(const char *action, const char *workspace)
{
    const char *argv[] = {getenv("KPID_TEST_KPID_BIN"), "reporting", action, "--workspace",
                          workspace, NULL};
    int status = -1;
    char *err = NULL;
    char *out = api_run(argv, &status, &err);
    ck_assert_msg(status == 0, "kpid reporting %s exited %d: %s", action, status, err);
    free(err);
    return out;
}

char *reporting_grant(const char *workspace)
{
    char *out = reporting_run("grant", workspace);
    out[strcspn(out, "\r\n")] = '\0';
    ck_assert_msg(strncmp(out, "postgresql://kpid_", 18) == 0, "grant printed %s", out);
    return out;
}

void reporting_revoke(const char *workspace)
{
    free(reporting_run("revoke", workspace));
}

PGconn *reporting_connect(const char *url)
{
    PGconn *conn = PQconnectdb(url);
    ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "cannot connect as %s: %s", url,
                  PQerrorMessage(conn));
    return conn;
}

char *reporting_value(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s: %s", sql,
                  PQresultErrorMessage(res));
    char *value = NULL;
    if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
        value = strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return value;
}

void reporting_refused(PGconn *conn, const char *sql, const char *state)
{
    PGresult *res = PQexec(conn, sql);
    const char *got = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    ck_assert_msg(PQresultStatus(res) == PGRES_FATAL_ERROR && got != NULL &&
                      strcmp(got, state) == 0,
                  "%s: expected SQLSTATE %s, got %s (%s)", sql, state, got ? got : "success",
                  PQresultErrorMessage(res));
    PQclear(res);
}
