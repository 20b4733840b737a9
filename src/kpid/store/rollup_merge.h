/* The background merge of the rollups' delta log (src/kpid/store/functions/rollup_merge.sql). */
#ifndef KPID_STORE_ROLLUP_MERGE_H
#define KPID_STORE_ROLLUP_MERGE_H

#include "kpid/store/db_job.h"

/* One pass in a REPEATABLE READ transaction: builds the rollups of workspaces that have none
 * in their current time zone, then adds every delta into rollup_days. */
enum kpid_db_status kpid_rollup_merge_once(struct kpid_db *db);

/* Starts the background merge: a pass every interval_s seconds on a database connection of
 * its own; kpid_db_job_stop stops it. NULL when it cannot start. */
struct kpid_db_job *kpid_rollup_merge_start(const char *database_url, unsigned interval_s);

#endif
