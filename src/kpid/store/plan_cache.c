/* The plan_cache_mode statements, one of each per connection whoever sends them. */
#include "kpid/store/plan_cache.h"

struct kpid_db_stmt kpid_plan_cache_generic = {"plan_cache_generic", NULL, 0};
struct kpid_db_stmt kpid_plan_cache_custom = {"plan_cache_custom", NULL, 0};
struct kpid_db_stmt kpid_plan_cache_auto = {"plan_cache_auto", NULL, 0};

PGresult *kpid_plan_cache_exec_generic(struct kpid_db *db, struct kpid_db_stmt *stmt, int nparams,
                                       const char *const *params, struct kpid_db_stmt *then_mode,
                                       enum kpid_db_status *status)
{
    const struct kpid_db_call calls[] = {
        {&kpid_plan_cache_generic, 0, NULL}, {stmt, nparams, params}, {then_mode, 0, NULL}};
    PGresult *res[3] = {NULL, NULL, NULL};
    *status = kpid_db_exec_pipelined(db, calls, 3, res); /* on failure, no results */
    PQclear(res[0]);
    PQclear(res[2]);
    return res[1];
}
