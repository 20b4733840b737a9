/* Savepoints: undoing part of a transaction, such as one webhook event's mapped items. */
#ifndef KPID_STORE_SAVEPOINT_H
#define KPID_STORE_SAVEPOINT_H

#include "kpid/store/db.h"

/* Sets the savepoint `name` (an SQL identifier kpid chooses, never user input). */
enum kpid_db_status kpid_store_savepoint(struct kpid_db *db, const char *name);

/* Rolls the transaction back to the savepoint `name`. */
enum kpid_db_status kpid_store_savepoint_rollback(struct kpid_db *db, const char *name);

#endif
