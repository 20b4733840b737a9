/* Operator-set workspace limits and the counts they cap, in the database: one function per
 * statement of src/kpid/store/sql/workspace_limit*.sql and *_count.sql. */
#ifndef KPID_STORE_WORKSPACE_LIMITS_H
#define KPID_STORE_WORKSPACE_LIMITS_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/* What a workspace has a limited number of. */
enum kpid_store_counted { KPID_STORE_KPIS, KPID_STORE_SCORECARDS, KPID_STORE_SOURCES };

/* Sets the limits named in `changes` (JSON object text: a member sets a limit, null puts
 * its default back, an absent member keeps it) of the workspace called `name`. */
enum kpid_db_status kpid_store_workspace_limits_update(struct kpid_db *db, const char *name,
                                                       const char *changes);

/* The limits of the workspace called `name` (no row: no such workspace), one column per
 * limit named like it, NULL for a default. */
kpid_result *kpid_store_workspace_limits_get(struct kpid_db *db, const char *name,
                                             enum kpid_db_status *status);

/*
 * Inside a transaction: waits for the workspace's other creates of this kind to end (a lock
 * held to the end of the transaction), then counts the rows of this kind into *existing and
 * tells whether the one called `key` is among them.
 */
enum kpid_db_status kpid_store_count_for_create(struct kpid_db *db, const char *workspace_id,
                                                enum kpid_store_counted what, const char *key,
                                                long *existing, bool *key_exists);

#endif
