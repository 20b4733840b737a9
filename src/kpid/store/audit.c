/* The audit trail: the statements of src/kpid/store/sql/audit_*.sql with named parameters. */
#include "kpid/store/audit.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(audit_actor_set, "audit_actor_set");
KPID_DB_STMT(audit_list, "audit_list");

enum kpid_db_status kpid_store_audit_actor_set(struct kpid_db *db, const char *key_id)
{
    const char *params[] = {key_id};
    return kpid_store_exec_status(db, &audit_actor_set, 1, params);
}

kpid_result *kpid_store_audit_list(struct kpid_db *db, const char *workspace_id,
                                   const struct kpid_store_page *page, const void *filter,
                                   enum kpid_db_status *status)
{
    const struct kpid_audit_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit,
                            f->entity,    f->code,         f->from,        f->to};
    return kpid_db_exec(db, &audit_list, 8, params, status);
}
