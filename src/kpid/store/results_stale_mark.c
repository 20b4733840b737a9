/* The marks writes leave for stored results: src/kpid/store/sql/results_stale_mark_purge.sql. */
#include "kpid/store/results_stale_mark.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(results_stale_mark_purge, "results_stale_mark_purge");

enum kpid_db_status kpid_store_results_stale_mark_purge(struct kpid_db *db)
{
    return kpid_store_exec_status(db, &results_stale_mark_purge, 0, NULL);
}
