/* Rejected leads: the statement src/kpid/store/sql/rejection_list.sql with named parameters. */
#include "kpid/store/rejection.h"

KPID_DB_STMT(rejection_list, "rejection_list");

kpid_result *kpid_store_rejection_list(struct kpid_db *db, const char *workspace_id,
                                       const char *starts_at, const char *ends_at,
                                       const char *as_of, const char *channel,
                                       enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, starts_at, ends_at, as_of, channel};
    return kpid_db_exec(db, &rejection_list, 5, params, status);
}
