/* Store-internal shorthands for statements whose result is a status, a flag or a row count. */
#ifndef KPID_STORE_STMT_RUN_H
#define KPID_STORE_STMT_RUN_H

#include "kpid/store/db.h"

#include <stdbool.h>

/* Runs the statement for its effect; its rows, if any, are dropped. */
enum kpid_db_status kpid_store_exec_status(struct kpid_db *db, struct kpid_db_stmt *stmt,
                                           int nparams, const char *const *params);

/* Runs SQL text (no parameters: session and savepoint commands) for its effect. */
enum kpid_db_status kpid_store_exec_text_status(struct kpid_db *db, const char *sql);

/* Runs the statement; *found tells whether it returned exactly one row. */
enum kpid_db_status kpid_store_exec_found(struct kpid_db *db, struct kpid_db_stmt *stmt,
                                          int nparams, const char *const *params, bool *found);

/* Runs the statement; *flag is the boolean `column` of its one row (false without a row). */
enum kpid_db_status kpid_store_exec_flag(struct kpid_db *db, struct kpid_db_stmt *stmt, int nparams,
                                         const char *const *params, const char *column, bool *flag);

#endif
