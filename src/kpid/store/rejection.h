/* Rejected leads in the database: the statement src/kpid/store/sql/rejection_list.sql. */
#ifndef KPID_STORE_REJECTION_H
#define KPID_STORE_REJECTION_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/* The leads created in [starts_at, ends_at) up to as_of that are not valid, counted by
 * reason and channel (channel: only that one, NULL = every channel), most first. Columns:
 * reason, channel, leads. */
kpid_result *kpid_store_rejection_list(struct kpid_db *db, const char *workspace_id,
                                       const char *starts_at, const char *ends_at,
                                       const char *as_of, const char *channel,
                                       enum kpid_db_status *status);

#endif
