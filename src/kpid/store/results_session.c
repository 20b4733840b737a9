/* Sets up the transactions results are computed in. */
#include "kpid/store/results_session.h"

#include "kpid/store/stmt_run.h"

#include <stdio.h>

enum kpid_db_status kpid_store_results_session(struct kpid_db *db, unsigned timeout_ms)
{
    char sql[192];
    snprintf(sql, sizeof sql,
             "SET LOCAL work_mem = '64MB';"
             " SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL statement_timeout = %u",
             timeout_ms);
    return kpid_store_exec_text_status(db, sql);
}

enum kpid_db_status kpid_store_results_read_only(struct kpid_db *db)
{
    return kpid_store_exec_text_status(
        db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

enum kpid_db_status kpid_store_results_repeatable_read(struct kpid_db *db)
{
    return kpid_store_exec_text_status(db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
}
