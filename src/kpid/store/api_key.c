/* API keys: the statements of src/kpid/store/sql/api_key_*.sql with named parameters. */
#include "kpid/store/api_key.h"

KPID_DB_STMT(api_key_list, "api_key_list");

kpid_result *kpid_store_api_key_list(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_store_page *page, const void *filter,
                                     enum kpid_db_status *status)
{
    (void)filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit};
    return kpid_db_exec(db, &api_key_list, 4, params, status);
}
