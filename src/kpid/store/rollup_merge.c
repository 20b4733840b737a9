/* Merges the rollups' delta log in the background, so that reads add few unmerged deltas. */
#include "kpid/store/rollup_merge.h"

#include "kpid/log.h"
#include "kpid/store/db_job.h"
#include "kpid/store/results_session.h"
#include "kpid/store/stmt_run.h"

KPID_DB_STMT(merge_pass, "rollup_merge");

/* One snapshot for the whole pass: a delta is merged exactly when its rows are visible. No
 * statement timeout: rebuilding a workspace of millions of leads (after a migration that adds
 * a measure, or a change of time zone) takes longer than the sessions' 30 s, and only this
 * background pass waits for it (reads take the direct statements meanwhile). */
static enum kpid_db_status merge_tx(struct kpid_db *db, void *ctx)
{
    (void)ctx;
    enum kpid_db_status st = kpid_store_results_repeatable_read(db);
    if (st == KPID_DB_OK)
        st = kpid_store_exec_text_status(db, "SET LOCAL statement_timeout = 0");
    return st == KPID_DB_OK ? kpid_store_exec_status(db, &merge_pass, 0, NULL) : st;
}

enum kpid_db_status kpid_rollup_merge_once(struct kpid_db *db)
{
    return kpid_db_transaction(db, merge_tx, NULL);
}

static void merge_pass_run(struct kpid_db *db, struct kpid_periodic *w, void *ctx)
{
    (void)w;
    (void)ctx;
    if (kpid_rollup_merge_once(db) != KPID_DB_OK)
        kpid_log(KPID_LOG_WARN, "rollup merge pass failed; the next pass tries again");
}

struct kpid_db_job *kpid_rollup_merge_start(const char *database_url, unsigned interval_s)
{
    return kpid_db_job_start(database_url, interval_s, merge_pass_run, NULL);
}
