/* Frozen payout statements: one function per statement of
 * src/kpid/store/sql/period_payout_*.sql. */
#ifndef KPID_STORE_PERIOD_PAYOUT_H
#define KPID_STORE_PERIOD_PAYOUT_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/* Drops the statements frozen for the period (before it is frozen again). */
enum kpid_db_status kpid_store_period_payout_delete(struct kpid_db *db, const char *workspace_id,
                                                    const char *period_id);

/* Freezes one person's statement (JSON text) for the period. */
enum kpid_db_status kpid_store_period_payout_insert(struct kpid_db *db, const char *workspace_id,
                                                    const char *period_id, const char *person,
                                                    const char *statement);

/* The period's frozen statements by person (all, or `person` when not NULL). Columns:
 * person_code, statement (JSON text). */
kpid_result *kpid_store_period_payout_list(struct kpid_db *db, const char *workspace_id,
                                           const char *period_id, const char *person,
                                           enum kpid_db_status *status);

/* A closed period holding a statement of the person: one row with period_id, or none. */
kpid_result *kpid_store_period_payout_closed_find(struct kpid_db *db, const char *workspace_id,
                                                  const char *person, enum kpid_db_status *status);

#endif
