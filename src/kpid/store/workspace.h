/* Workspaces in the database: the statement of src/kpid/store/sql/workspace_upsert.sql. */
#ifndef KPID_STORE_WORKSPACE_H
#define KPID_STORE_WORKSPACE_H

#include "kpid/store/db.h"

/* Finds or creates the workspace called name; writes its id (37 bytes). KPID_DB_RETRY when
 * it was created and removed concurrently. */
enum kpid_db_status kpid_store_workspace_upsert(struct kpid_db *db, const char *name, char id[37]);

#endif
