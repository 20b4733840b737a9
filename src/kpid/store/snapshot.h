/* Period snapshots in the database: one function per statement of
 * src/kpid/store/sql/snapshot_*.sql. */
#ifndef KPID_STORE_SNAPSHOT_H
#define KPID_STORE_SNAPSHOT_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/* The period's snapshot (no row when there is none). Columns: as_of, results, scorecards
 * (JSON texts). */
kpid_result *kpid_store_snapshot_get(struct kpid_db *db, const char *workspace_id,
                                     const char *period_id, enum kpid_db_status *status);

/* Stores or replaces the period's snapshot; results and scorecards are JSON texts. */
enum kpid_db_status kpid_store_snapshot_upsert(struct kpid_db *db, const char *workspace_id,
                                               const char *period_id, const char *as_of,
                                               const char *results, const char *scorecards);

#endif
