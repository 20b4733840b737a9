/* Statements that set plan_cache_mode for the rest of a transaction (sql/plan_cache_*.sql),
 * to go out in one pipeline with the statements they are for. */
#ifndef KPID_STORE_PLAN_CACHE_H
#define KPID_STORE_PLAN_CACHE_H

#include "kpid/store/db.h"

/* Each statement's generic plan, made once per connection. */
extern struct kpid_db_stmt kpid_plan_cache_generic;
/* A plan for each call's values. */
extern struct kpid_db_stmt kpid_plan_cache_custom;
/* The server's choice between the two (its default). */
extern struct kpid_db_stmt kpid_plan_cache_auto;

/* Runs `stmt` on its generic plan, then sets the mode `then_mode` for the rest of the
 * transaction, in one round trip. Returns its result as kpid_db_exec does. */
PGresult *kpid_plan_cache_exec_generic(struct kpid_db *db, struct kpid_db_stmt *stmt, int nparams,
                                       const char *const *params, struct kpid_db_stmt *then_mode,
                                       enum kpid_db_status *status);

#endif
