/* Enforces the count limits exactly: creates of one kind in one workspace take turns. */
#include "kpid/limits/counts.h"

#include <stdlib.h>

/* a transaction-level advisory lock per (kind, workspace): two creates at once cannot both
 * see room for one more */
KPID_DB_STMT(lock_kind, "workspace_limit_lock_kind");

/* separate statements: under READ COMMITTED the count after the lock sees every create that
 * committed before the lock was granted */
KPID_DB_STMT(count_kpis, "kpi_count");
KPID_DB_STMT(count_scorecards, "scorecard_count");
KPID_DB_STMT(count_sources, "source_count");

static const struct {
    const char *kind;
    const char *limit;
    const char *what;
    struct kpid_db_stmt *count;
} kinds[] = {
    [KPID_COUNT_KPIS] = {"kpis", "max_kpis", "no more KPIs can be created", &count_kpis},
    [KPID_COUNT_SCORECARDS] = {"scorecards", "max_scorecards", "no more scorecards can be created",
                               &count_scorecards},
    [KPID_COUNT_SOURCES] = {"sources", "max_sources", "no more sources can be created",
                            &count_sources},
};

enum kpid_db_status kpid_limits_count_check(struct kpid_db *db, const struct kpid_request *req,
                                            enum kpid_counted what, const char *key,
                                            struct kpid_write_result *out, bool *refused)
{
    const char *params[] = {req->auth.workspace_id, kinds[what].kind};
    enum kpid_db_status st;
    *refused = false;
    PGresult *res = kpid_db_exec(db, &lock_kind, 2, params, &st);
    if (res == NULL)
        return st;
    PQclear(res);
    params[1] = key;
    if ((res = kpid_db_exec(db, kinds[what].count, 2, params, &st)) == NULL)
        return st;
    long have = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    bool exists = PQgetvalue(res, 0, 1)[0] == 't';
    PQclear(res);
    long max = kpid_limit_value(&req->auth.limits, kpid_limit_find(kinds[what].limit));
    if (!exists && have >= max) {
        json_decref(out->body);
        out->body = kpid_limit_problem(kinds[what].limit, max, kinds[what].what);
        out->status = 422;
        out->problem = true;
        *refused = true;
    }
    return KPID_DB_OK;
}
