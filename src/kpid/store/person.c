/* People: the statements of src/kpid/store/sql/person_*.sql with named parameters. */
#include "kpid/store/person.h"

#include "kpid/store/stmt_run.h"

KPID_DB_STMT(person_save, "person_save");
KPID_DB_STMT(person_get, "person_get");
KPID_DB_STMT(person_list, "person_list");
KPID_DB_STMT(person_delete, "person_delete");

enum kpid_db_status kpid_store_person_save(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_person *p, bool replace,
                                           bool *created)
{
    const char *params[] = {workspace_id,       p->code,     p->name,
                            p->department,      p->hired_on, p->left_on,
                            replace ? "t" : "f"};
    return kpid_store_exec_flag(db, &person_save, 7, params, "created", created);
}

kpid_result *kpid_store_person_get(struct kpid_db *db, const char *workspace_id, const char *code,
                                   enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, code};
    return kpid_db_exec(db, &person_get, 2, params, status);
}

kpid_result *kpid_store_person_list(struct kpid_db *db, const char *workspace_id,
                                    const char *department, const char *after_code,
                                    const char *limit, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, department, after_code, limit};
    return kpid_db_exec(db, &person_list, 4, params, status);
}

enum kpid_db_status kpid_store_person_delete(struct kpid_db *db, const char *workspace_id,
                                             const char *code, bool *found)
{
    const char *params[] = {workspace_id, code};
    return kpid_store_exec_found(db, &person_delete, 2, params, found);
}
