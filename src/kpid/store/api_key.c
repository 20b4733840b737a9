/* API keys: the statements of src/kpid/store/sql/api_key_*.sql with named parameters. */
#include "kpid/store/api_key.h"

KPID_DB_STMT(api_key_find, "api_key_find");
KPID_DB_STMT(api_key_insert, "api_key_insert");
KPID_DB_STMT(api_key_list, "api_key_list");
KPID_DB_STMT(api_key_revoke, "api_key_revoke");

kpid_result *kpid_store_api_key_find(struct kpid_db *db, const char *key_hash,
                                     enum kpid_db_status *status)
{
    const char *params[] = {key_hash};
    return kpid_db_exec(db, &api_key_find, 1, params, status);
}

kpid_result *kpid_store_api_key_insert(struct kpid_db *db, const char *workspace_id,
                                       const struct kpid_api_key_new *key,
                                       enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, key->name, key->prefix, key->key_hash, key->scopes};
    return kpid_db_exec(db, &api_key_insert, 5, params, status);
}

kpid_result *kpid_store_api_key_list(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_store_page *page, const void *filter,
                                     enum kpid_db_status *status)
{
    (void)filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit};
    return kpid_db_exec(db, &api_key_list, 4, params, status);
}

kpid_result *kpid_store_api_key_revoke(struct kpid_db *db, const char *workspace_id, const char *id,
                                       enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, id};
    return kpid_db_exec(db, &api_key_revoke, 2, params, status);
}
