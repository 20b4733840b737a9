/* kpid's database access: a bounded pool of libpq connections, lazily prepared statements,
 * transactions, and SQLSTATE classification in one place. */
#ifndef KPID_STORE_DB_H
#define KPID_STORE_DB_H

#include <libpq-fe.h>
#include <stdbool.h>

struct kpid_db_pool;
struct kpid_db;

/*
 * A statement kpid runs: the file src/kpid/store/sql/<name>.sql, compiled into kpid. Declare
 * each one once, at file scope, with KPID_DB_STMT(var, "name"); it is prepared under its
 * name on a connection the first time that connection runs it, and again after the
 * connection was re-established, and a failure is logged with that name. Parameters are
 * text; cast them in SQL ($1::uuid).
 */
struct kpid_db_stmt {
    const char *name;
    const char *sql; /* the file's text, looked up on first use */
    int id;          /* assigned on first use; 0 = not yet */
};
#define KPID_DB_STMT(var, name) static struct kpid_db_stmt var = {(name), NULL, 0}

/* What a database call came to, as the HTTP layer needs to know it. */
enum kpid_db_status {
    KPID_DB_OK = 0,
    KPID_DB_UNIQUE,      /* unique violation: the caller tells a replay from a conflict */
    KPID_DB_RETRY,       /* serialization failure or deadlock: run the transaction again */
    KPID_DB_UNAVAILABLE, /* connection lost or database down: 503, the client retries */
    KPID_DB_ERROR,       /* anything else: logged with SQLSTATE, answered 500 */
    KPID_DB_ABORT,       /* the transaction function chose to roll back (a 4xx answer) */
    KPID_DB_INVALID,     /* a value PostgreSQL could not take (SQLSTATE class 22): a 422 */
    KPID_DB_CONTENDED,   /* lock or statement timeout: 503 + Retry-After, not rerun here */
};

/* Creates a pool of at most `size` connections, opened lazily. Never fails on a database
 * that is down: connections are (re)made when needed. */
struct kpid_db_pool *kpid_db_pool_new(const char *url, unsigned size);
void kpid_db_pool_free(struct kpid_db_pool *pool);

/* Takes a connection, waiting up to wait_ms for one to be free; NULL when none was free in
 * time or the database cannot be reached (*status says which: KPID_DB_RETRY = pool busy). */
struct kpid_db *kpid_db_acquire(struct kpid_db_pool *pool, unsigned wait_ms,
                                enum kpid_db_status *status);
/* The same, for a workspace: waits also until it holds fewer than max connections, and
 * charges the connection to it (see kpid_db_charge). Waiting holds no connection. */
struct kpid_db *kpid_db_acquire_share(struct kpid_db_pool *pool, const char *workspace_id,
                                      unsigned max, unsigned wait_ms, enum kpid_db_status *status);
/* Gives the connection back; rolls back a transaction the caller left open. */
void kpid_db_release(struct kpid_db *db);

/* Connections in the pool. */
unsigned kpid_db_pool_size(const struct kpid_db *db);

/* Charges the connection to a workspace's share of the pool, unless the workspace already
 * holds max connections (then false and nothing changes). The charge ends at release. */
bool kpid_db_charge(struct kpid_db *db, const char *workspace_id, unsigned max);

/*
 * Runs a prepared statement with text parameters (NULL = SQL NULL). Returns the result
 * (the caller PQclear()s it) when *status is KPID_DB_OK, else NULL.
 */
PGresult *kpid_db_exec(struct kpid_db *db, struct kpid_db_stmt *stmt, int nparams,
                       const char *const *params, enum kpid_db_status *status);

/* One statement of a pipeline and its text parameters. */
struct kpid_db_call {
    struct kpid_db_stmt *stmt;
    int nparams;
    const char *const *params;
};

/*
 * Runs n (1-5) statements inside the current transaction in one round trip, in order, each
 * in a snapshot taken when it starts (one statement may come more than once). On KPID_DB_OK
 * results[i] is call i's result (the caller PQclear()s each); else there are none: after a
 * failure the rest were skipped.
 */
enum kpid_db_status kpid_db_exec_pipelined(struct kpid_db *db, const struct kpid_db_call *calls,
                                           int n, PGresult **results);

/* The text of src/kpid/store/sql/<name>.sql as compiled into kpid, or NULL. */
const char *kpid_db_sql_text(const char *name);

/* Runs SQL text with no parameters (BEGIN, COMMIT, migrations); NULL on error. */
PGresult *kpid_db_exec_text(struct kpid_db *db, const char *sql, enum kpid_db_status *status);

/*
 * Runs fn inside BEGIN ... COMMIT. A connection found dead at BEGIN is re-established and
 * BEGIN tried again; a serialization failure or deadlock reruns fn (up to 3 times); any
 * other failure rolls back. fn returns KPID_DB_OK to commit. Returns the final status;
 * KPID_DB_OK means COMMIT returned.
 */
typedef enum kpid_db_status (*kpid_db_tx_fn)(struct kpid_db *db, void *ctx);
enum kpid_db_status kpid_db_transaction(struct kpid_db *db, kpid_db_tx_fn fn, void *ctx);

/* Classifies a failed result (or, with NULL, the connection state) and logs hard errors. */
enum kpid_db_status kpid_db_classify(struct kpid_db *db, const PGresult *res);

/* Direct access for the few places that need it (COPY, notices); borrowed. */
PGconn *kpid_db_conn(struct kpid_db *db);

/* KPID_DATABASE_POOLER=transaction, for every pool of the process (set before any is used):
 * statements are parsed unnamed in the round trip that runs them, and the session settings
 * are made with SET LOCAL after each BEGIN. Statements outside a transaction then run under
 * the role's settings (ALTER ROLE ... SET statement_timeout, README "Production"). */
void kpid_db_use_transaction_pooler(bool on);
bool kpid_db_transaction_pooled(void);

/* Calls on pool's connections that find its server unavailable (a statement of its own, or a
 * transaction) run once more on a connection of fallback, waiting up to wait_ms for one:
 * reads from a replica go to the primary when the replica is down. */
void kpid_db_pool_set_fallback(struct kpid_db_pool *pool, struct kpid_db_pool *fallback,
                               unsigned wait_ms);
/* Whether a call on db went to the fallback since db was acquired. */
bool kpid_db_fell_back(const struct kpid_db *db);

/* Counts of database errors since start, for /metrics. */
unsigned long long kpid_db_error_count(void);

#endif
