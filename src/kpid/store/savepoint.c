/* Savepoints inside the caller's transaction. */
#include "kpid/store/savepoint.h"

#include "kpid/store/stmt_run.h"

#include <stdio.h>

/* Runs "<command> <name>". */
static enum kpid_db_status run(struct kpid_db *db, const char *command, const char *name)
{
    char sql[128];
    snprintf(sql, sizeof sql, "%s %s", command, name);
    return kpid_store_exec_text_status(db, sql);
}

enum kpid_db_status kpid_store_savepoint(struct kpid_db *db, const char *name)
{
    return run(db, "SAVEPOINT", name);
}

enum kpid_db_status kpid_store_savepoint_rollback(struct kpid_db *db, const char *name)
{
    return run(db, "ROLLBACK TO SAVEPOINT", name);
}
