/* What a read replica reports about itself. */
#ifndef KPID_STORE_REPLICA_H
#define KPID_STORE_REPLICA_H

#include "kpid/store/db.h"

#include <stdbool.h>

/* Whether the server of db is a standby and its replay lag in seconds (0 when it is not). */
enum kpid_db_status kpid_store_replica_lag(struct kpid_db *db, bool *standby, double *lag_s);

#endif
