/* Sets up the transactions results are computed in. */
#include "kpid/store/results_session.h"

#include <libpq-fe.h>
#include <stdio.h>

/* Runs SQL text with no result rows that the caller needs. */
static enum kpid_db_status run(struct kpid_db *db, const char *sql)
{
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec_text(db, sql, &st);
    PQclear(res);
    return res ? KPID_DB_OK : st;
}

enum kpid_db_status kpid_store_results_session(struct kpid_db *db, unsigned timeout_ms)
{
    char sql[192];
    snprintf(sql, sizeof sql,
             "SET LOCAL jit = off; SET LOCAL work_mem = '64MB';"
             " SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL statement_timeout = %u",
             timeout_ms);
    return run(db, sql);
}

enum kpid_db_status kpid_store_results_read_only(struct kpid_db *db)
{
    return run(db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}
