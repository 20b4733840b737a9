/* Runs statements whose caller needs only their status, a row count or one boolean. */
#include "kpid/store/stmt_run.h"

#include "kpid/store/result.h"

enum kpid_db_status kpid_store_exec_status(struct kpid_db *db, struct kpid_db_stmt *stmt,
                                           int nparams, const char *const *params)
{
    enum kpid_db_status st;
    PQclear(kpid_db_exec(db, stmt, nparams, params, &st));
    return st;
}

enum kpid_db_status kpid_store_exec_text_status(struct kpid_db *db, const char *sql)
{
    enum kpid_db_status st;
    PQclear(kpid_db_exec_text(db, sql, &st));
    return st;
}

enum kpid_db_status kpid_store_exec_found(struct kpid_db *db, struct kpid_db_stmt *stmt,
                                          int nparams, const char *const *params, bool *found)
{
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, stmt, nparams, params, &st);
    *found = res != NULL && PQntuples(res) == 1;
    PQclear(res);
    return st;
}

enum kpid_db_status kpid_store_exec_flag(struct kpid_db *db, struct kpid_db_stmt *stmt, int nparams,
                                         const char *const *params, const char *column, bool *flag)
{
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, stmt, nparams, params, &st);
    *flag = res != NULL && PQntuples(res) == 1 && kpid_result_bool(res, 0, column);
    PQclear(res);
    return st;
}
