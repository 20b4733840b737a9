/* BEGIN + statement in one pipeline: results arrive in order, each followed by a NULL, and
 * the sync ends them; after a failure the rest come back PGRES_PIPELINE_ABORTED. */
#include "kpid/store/pipeline.h"

static bool send_all(PGconn *conn, const struct kpid_pipeline_stmt *s)
{
    if (!PQenterPipelineMode(conn))
        return false;
    bool ok = PQsendQueryParams(conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0);
    if (ok && s->name != NULL && s->prepare)
        ok = PQsendPrepare(conn, s->name, s->sql, s->nparams, NULL);
    if (ok)
        ok = s->name != NULL
                 ? PQsendQueryPrepared(conn, s->name, s->nparams, s->params, NULL, NULL, 0)
                 : PQsendQueryParams(conn, s->sql, s->nparams, NULL, s->params, NULL, NULL, 0);
    return ok && PQpipelineSync(conn);
}

static bool failed(const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    return st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK;
}

PGresult *kpid_pipeline_begin_exec(PGconn *conn, const struct kpid_pipeline_stmt *s,
                                   bool *prepared)
{
    *prepared = false;
    PGresult *kept = NULL;
    /* results: BEGIN's, the prepare's when sent, the statement's */
    int index = 0, prepare_index = s->name != NULL && s->prepare ? 1 : -1;
    if (send_all(conn, s)) {
        /* two NULLs in a row: nothing more will come (the connection is gone) */
        for (int nulls = 0; nulls < 2;) {
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
            if (index++ == prepare_index)
                *prepared = !failed(res);
            if (kept == NULL || !failed(kept)) {
                PQclear(kept);
                kept = res;
            } else {
                PQclear(res);
            }
        }
    }
    PQexitPipelineMode(conn);
    return kept;
}
