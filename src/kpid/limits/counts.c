/* Enforces the count limits exactly: creates of one kind in one workspace take turns. */
#include "kpid/limits/counts.h"

#include "kpid/store/workspace_limits.h"

static const struct {
    const char *kind;
    const char *limit;
    const char *what;
    enum kpid_store_counted stored;
} kinds[] = {
    [KPID_COUNT_KPIS] = {"kpis", "max_kpis", "no more KPIs can be created", KPID_STORE_KPIS},
    [KPID_COUNT_SCORECARDS] = {"scorecards", "max_scorecards", "no more scorecards can be created",
                               KPID_STORE_SCORECARDS},
    [KPID_COUNT_SOURCES] = {"sources", "max_sources", "no more sources can be created",
                            KPID_STORE_SOURCES},
};

enum kpid_db_status kpid_limits_count_check(struct kpid_db *db, const struct kpid_request *req,
                                            enum kpid_counted what, const char *key,
                                            struct kpid_write_result *out, bool *refused)
{
    long have;
    bool exists;
    *refused = false;
    enum kpid_db_status st = kpid_store_count_for_create(db, req->auth.workspace_id,
                                                         kinds[what].stored, key, &have, &exists);
    if (st != KPID_DB_OK)
        return st;
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
