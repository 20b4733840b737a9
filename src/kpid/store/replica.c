/* What a read replica reports about itself: sql/replica_lag_select.sql. */
#include "kpid/store/replica.h"

#include "kpid/store/result.h"

#include <stdlib.h>
#include <string.h>

KPID_DB_STMT(replica_lag_select, "replica_lag_select");

enum kpid_db_status kpid_store_replica_lag(struct kpid_db *db, bool *standby, double *lag_s)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_db_exec(db, &replica_lag_select, 0, NULL, &st);
    if (res == NULL)
        return st;
    *standby = strcmp(kpid_result_text(res, 0, "standby"), "t") == 0;
    *lag_s = strtod(kpid_result_text(res, 0, "lag_seconds"), NULL);
    kpid_result_free(res);
    return KPID_DB_OK;
}
