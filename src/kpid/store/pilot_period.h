/* Pilot periods in the database: one function per statement of
 * src/kpid/store/sql/pilot_period_*.sql. */
#ifndef KPID_STORE_PILOT_PERIOD_H
#define KPID_STORE_PILOT_PERIOD_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/* Marks the period (defined, open) a pilot with an optional reason: one row (period_id,
 * reason, created_at), or none when the period is not defined or is closed. */
kpid_result *kpid_store_pilot_period_set(struct kpid_db *db, const char *workspace_id,
                                         const char *period_id, const char *reason,
                                         enum kpid_db_status *status);

/* Ends the pilot of an open period; *found tells whether there was one. */
enum kpid_db_status kpid_store_pilot_period_delete(struct kpid_db *db, const char *workspace_id,
                                                   const char *period_id, bool *found);

/* The period's pilot mark: one row (period_id, reason, created_at), or none. */
kpid_result *kpid_store_pilot_period_get(struct kpid_db *db, const char *workspace_id,
                                         const char *period_id, enum kpid_db_status *status);

#endif
