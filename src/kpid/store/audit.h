/* The audit trail in the database: one function per statement of
 * src/kpid/store/sql/audit_*.sql (the triggers of store/functions/audit.sql write it). */
#ifndef KPID_STORE_AUDIT_H
#define KPID_STORE_AUDIT_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* Names the key (its id; NULL for none) that the current transaction writes as. */
enum kpid_db_status kpid_store_audit_actor_set(struct kpid_db *db, const char *key_id);

/* The filters of an audit list, each optional (NULL). */
struct kpid_audit_filter {
    const char *entity, *code, *from, *to;
};

/* One page of entries by (at, id); filter is a struct kpid_audit_filter. Columns: id, at,
 * key_id, key_name, entity, code, action, before, after (JSON text or NULL). */
kpid_result *kpid_store_audit_list(struct kpid_db *db, const char *workspace_id,
                                   const struct kpid_store_page *page, const void *filter,
                                   enum kpid_db_status *status);

#endif
