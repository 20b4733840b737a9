/* Statements sent in one libpq pipeline, with a pending BEGIN in front: a transaction's
 * opening and its first statements cost one round trip. Internal to the store's pool. */
#ifndef KPID_STORE_PIPELINE_H
#define KPID_STORE_PIPELINE_H

#include <libpq-fe.h>
#include <stdbool.h>

/* Most statements one pipeline carries. */
#define KPID_PIPELINE_MAX 5

/* A statement by name (prepared first when `prepare`), or by text when name is NULL
 * (unnamed, as behind a transaction pooler). */
struct kpid_pipeline_stmt {
    const char *name;
    const char *sql;
    bool prepare;
    int nparams;
    const char *const *params;
};

/*
 * Sends BEGIN when `begin`, then the n statements (each prepared first if asked), then one
 * sync, and reads every result. On success results[i] is statement i's result and NULL is
 * returned. Else the first failed result is returned (NULL results and an empty failure
 * both mean the connection is gone: *failure is then NULL too) and no result is kept.
 * prepared[i] tells whether statement i's prepare succeeded: a prepared statement outlives a
 * failed transaction.
 */
bool kpid_pipeline_run(PGconn *conn, bool begin, const struct kpid_pipeline_stmt *s, int n,
                       PGresult **results, bool *prepared, PGresult **failure);

#endif
