/* Time zones: src/kpid/store/sql/time_zone_exists.sql with a named parameter. */
#include "kpid/store/time_zone.h"

KPID_DB_STMT(time_zone_exists, "time_zone_exists");

enum kpid_db_status kpid_store_time_zone_exists(struct kpid_db *db, const char *name, bool *known)
{
    const char *params[] = {name};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &time_zone_exists, 1, params, &st);
    *known = res != NULL && PQntuples(res) > 0;
    PQclear(res);
    return st;
}
