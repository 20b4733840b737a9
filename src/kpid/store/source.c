/* Webhook sources: the statements of src/kpid/store/sql/source_*.sql with named parameters. */
#include "kpid/store/source.h"

KPID_DB_STMT(source_list, "source_list");

kpid_result *kpid_store_source_list(struct kpid_db *db, const char *workspace_id,
                                    const struct kpid_store_page *page, const void *filter,
                                    enum kpid_db_status *status)
{
    (void)filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit};
    return kpid_db_exec(db, &source_list, 4, params, status);
}
