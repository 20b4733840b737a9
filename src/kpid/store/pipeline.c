/* One pipeline: results arrive in the order sent, each followed by a NULL, and the sync ends
 * them; after a failure the rest come back PGRES_PIPELINE_ABORTED. */
#include "kpid/store/pipeline.h"

/* Whose result comes in each place: BEGIN, statement i's prepare, or statement i itself. */
enum owner_kind { BEGIN_RESULT, PREPARE_RESULT, STATEMENT_RESULT };
struct owner {
    enum owner_kind kind;
    int stmt;
};

/* Sends everything; the number of results to expect, or -1 when sending failed. */
static int send_all(PGconn *conn, bool begin, const struct kpid_pipeline_stmt *s, int n,
                    struct owner *owners)
{
    int count = 0;
    if (!PQenterPipelineMode(conn))
        return -1;
    if (begin) {
        if (!PQsendQueryParams(conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0))
            return -1;
        owners[count++] = (struct owner){BEGIN_RESULT, -1};
    }
    for (int i = 0; i < n; i++) {
        if (s[i].name != NULL && s[i].prepare) {
            if (!PQsendPrepare(conn, s[i].name, s[i].sql, s[i].nparams, NULL))
                return -1;
            owners[count++] = (struct owner){PREPARE_RESULT, i};
        }
        bool sent =
            s[i].name != NULL
                ? PQsendQueryPrepared(conn, s[i].name, s[i].nparams, s[i].params, NULL, NULL, 0)
                : PQsendQueryParams(conn, s[i].sql, s[i].nparams, NULL, s[i].params, NULL, NULL,
                                    0);
        if (!sent)
            return -1;
        owners[count++] = (struct owner){STATEMENT_RESULT, i};
    }
    return PQpipelineSync(conn) ? count : -1;
}

static bool failed(const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    return st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK;
}

/* Files one result under its owner; keeps the first failure. */
static void file(PGresult *res, const struct owner *o, PGresult **results, bool *prepared,
                 PGresult **failure)
{
    if (failed(res)) {
        if (*failure == NULL)
            *failure = res;
        else
            PQclear(res);
        return;
    }
    if (o != NULL && o->kind == STATEMENT_RESULT) {
        results[o->stmt] = res;
        return;
    }
    if (o != NULL && o->kind == PREPARE_RESULT)
        prepared[o->stmt] = true;
    PQclear(res);
}

bool kpid_pipeline_run(PGconn *conn, bool begin, const struct kpid_pipeline_stmt *s, int n,
                       PGresult **results, bool *prepared, PGresult **failure)
{
    struct owner owners[2 * KPID_PIPELINE_MAX + 1];
    *failure = NULL;
    for (int i = 0; i < n; i++) {
        results[i] = NULL;
        prepared[i] = false;
    }
    int expected = n <= KPID_PIPELINE_MAX ? send_all(conn, begin, s, n, owners) : -1;
    /* two NULLs in a row: nothing more will come (the connection is gone) */
    for (int got = 0, nulls = 0; expected >= 0 && nulls < 2;) {
        PGresult *res = PQgetResult(conn);
        if (res == NULL) {
            nulls++;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            break;
        }
        file(res, got < expected ? &owners[got] : NULL, results, prepared, failure);
        got++;
    }
    PQexitPipelineMode(conn);
    bool ok = *failure == NULL;
    for (int i = 0; i < n; i++)
        ok = ok && results[i] != NULL;
    for (int i = 0; i < n && !ok; i++) {
        PQclear(results[i]);
        results[i] = NULL;
    }
    return ok;
}
