/* Scorecard definitions: the statements of src/kpid/store/sql/scorecard_*.sql with named
 * parameters. */
#include "kpid/store/scorecard.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(scorecard_list, "scorecard_list");
KPID_DB_STMT(scorecard_get, "scorecard_get");
KPID_DB_STMT(scorecard_save, "scorecard_save");
KPID_DB_STMT(scorecard_delete, "scorecard_delete");

kpid_result *kpid_store_scorecard_list(struct kpid_db *db, const char *workspace_id,
                                       const char *granularity, const char *after_code,
                                       const char *limit, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, granularity, after_code, limit};
    return kpid_db_exec(db, &scorecard_list, 4, params, status);
}

kpid_result *kpid_store_scorecard_get(struct kpid_db *db, const char *workspace_id,
                                      const char *code, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, code};
    return kpid_db_exec(db, &scorecard_get, 2, params, status);
}

enum kpid_db_status kpid_store_scorecard_save(struct kpid_db *db, const char *workspace_id,
                                              const struct kpid_store_scorecard *s, bool replace,
                                              bool *created)
{
    const char *params[] = {
        workspace_id, s->code,       s->name,           s->owner, s->granularity,
        s->fixed_pay, s->bonus_base, s->max_attainment, s->items, replace ? "t" : "f"};
    return kpid_store_exec_flag(db, &scorecard_save, 10, params, "created", created);
}

enum kpid_db_status kpid_store_scorecard_delete(struct kpid_db *db, const char *workspace_id,
                                                const char *code, bool *found)
{
    const char *params[] = {workspace_id, code};
    return kpid_store_exec_found(db, &scorecard_delete, 2, params, found);
}
