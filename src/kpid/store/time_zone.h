/* Time zones PostgreSQL knows: the statement of src/kpid/store/sql/time_zone_exists.sql. */
#ifndef KPID_STORE_TIME_ZONE_H
#define KPID_STORE_TIME_ZONE_H

#include "kpid/store/db.h"

#include <stdbool.h>

/* Whether name is a time zone of pg_timezone_names (*known). */
enum kpid_db_status kpid_store_time_zone_exists(struct kpid_db *db, const char *name, bool *known);

#endif
