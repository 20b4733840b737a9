/* The background merge of the rollups' delta log (src/kpid/store/functions/rollup_merge.sql). */
#ifndef KPID_STORE_ROLLUP_MERGE_H
#define KPID_STORE_ROLLUP_MERGE_H

#include "kpid/store/db.h"

struct kpid_rollup_merge;

/* One pass in a REPEATABLE READ transaction: builds the rollups of workspaces that have none
 * in their current time zone, then adds every delta into rollup_days. */
enum kpid_db_status kpid_rollup_merge_once(struct kpid_db *db);

/* Starts a thread that runs a pass every interval_s seconds on a database connection of its
 * own. NULL when the thread cannot be started. */
struct kpid_rollup_merge *kpid_rollup_merge_start(const char *database_url, unsigned interval_s);

/* Stops the thread (after the pass under way) and frees it; NULL does nothing. */
void kpid_rollup_merge_stop(struct kpid_rollup_merge *merge);

#endif
