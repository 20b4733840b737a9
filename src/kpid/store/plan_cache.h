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

#endif
