/* BEGIN sent in one libpq pipeline with a transaction's first statement, so that opening a
 * transaction costs no round trip of its own. Internal to the store's pool. */
#ifndef KPID_STORE_PIPELINE_H
#define KPID_STORE_PIPELINE_H

#include <libpq-fe.h>
#include <stdbool.h>

/* What went out: the statement by name (prepared first when `prepare`), or by text when name
 * is NULL (unnamed, as behind a transaction pooler). */
struct kpid_pipeline_stmt {
    const char *name;
    const char *sql;
    bool prepare;
    int nparams;
    const char *const *params;
};

/*
 * Sends BEGIN, the prepare if asked for, and the statement, then one sync, and reads every
 * result. Returns the first result that failed, else the statement's (NULL when nothing could
 * be sent or read: the connection is gone). *prepared tells whether the prepare succeeded:
 * a prepared statement outlives a failed transaction.
 */
PGresult *kpid_pipeline_begin_exec(PGconn *conn, const struct kpid_pipeline_stmt *s,
                                   bool *prepared);

#endif
