/* A fixed-size pool of libpq connections shared by request threads, with lazy connect,
 * transparent reconnect and a bounded wait. */
#include "kpid/store/db.h"

#include "kpid/embedded.h"
#include "kpid/log.h"
#include "kpid/store/pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Statement ids are small integers so each connection can track them in a flat array. */
#define KPID_DB_MAX_STMTS 512

struct kpid_db {
    struct kpid_db_pool *pool;
    PGconn *conn;
    bool in_use;
    bool broken;         /* a call failed as if the server went away: re-establish before reuse */
    bool fell_back;      /* a call failed over to the pool's fallback since it was acquired */
    bool begin_pending;  /* a transaction began: BEGIN goes out with its first statement */
    const char *running; /* the statement being run, named in error logs; NULL for plain text */
    /* charged to this workspace's share while in use; "" = none */
    char workspace[37];
    unsigned char prepared[KPID_DB_MAX_STMTS];
};

struct kpid_db_pool {
    char *url;
    unsigned size;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    struct kpid_db *dbs;
    struct kpid_db_pool *fallback; /* where calls go when this pool's server is unavailable */
    unsigned fallback_wait_ms;
};

static atomic_int next_stmt_id = 1;
static atomic_ullong db_errors = 0;
/* KPID_DATABASE_POOLER=transaction: consecutive transactions may run on different server
 * connections, so nothing is kept on one between them (no named statements, no SET) */
static bool transaction_pooler;
static atomic_bool pooler_noted;

void kpid_db_use_transaction_pooler(bool on)
{
    transaction_pooler = on;
}

bool kpid_db_transaction_pooled(void)
{
    return transaction_pooler;
}

void kpid_db_pool_set_fallback(struct kpid_db_pool *pool, struct kpid_db_pool *fallback,
                               unsigned wait_ms)
{
    pool->fallback = fallback;
    pool->fallback_wait_ms = wait_ms;
}

bool kpid_db_fell_back(const struct kpid_db *db)
{
    return db->fell_back;
}

unsigned long long kpid_db_error_count(void)
{
    return atomic_load(&db_errors);
}

struct kpid_db_pool *kpid_db_pool_new(const char *url, unsigned size)
{
    struct kpid_db_pool *pool = calloc(1, sizeof *pool);
    if (pool == NULL)
        return NULL;
    pool->url = strdup(url);
    pool->size = size;
    pool->dbs = calloc(size, sizeof *pool->dbs);
    if (pool->url == NULL || pool->dbs == NULL) {
        kpid_db_pool_free(pool);
        return NULL;
    }
    for (unsigned i = 0; i < size; i++)
        pool->dbs[i].pool = pool;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->freed, NULL);
    return pool;
}

void kpid_db_pool_free(struct kpid_db_pool *pool)
{
    if (pool == NULL)
        return;
    if (pool->dbs != NULL) {
        for (unsigned i = 0; i < pool->size; i++)
            if (pool->dbs[i].conn != NULL)
                PQfinish(pool->dbs[i].conn);
        pthread_mutex_destroy(&pool->lock);
        pthread_cond_destroy(&pool->freed);
    }
    free(pool->dbs);
    free(pool->url);
    free(pool);
}

/* Session settings that protect the server from runaway statements and idle transactions.
 * No JIT: kpid's statements are index probes, but the estimates of a batch's plan can pass
 * jit_above_cost, and compiling it then costs each execution up to a second (0.9 s seen in the
 * derive step of a batch of 1000 leads). */
static const char session_setup[] = "SET statement_timeout = '30s';"
                                    "SET jit = off;"
                                    "SET idle_in_transaction_session_timeout = '60s';"
                                    "SET lock_timeout = '10s';"
                                    "SET client_min_messages = warning;"
                                    "SET TIME ZONE 'UTC'";

/* Behind a transaction pooler the settings above are made per transaction (begin()), except
 * the time zone, which PgBouncer itself carries to every server connection it lends. */
static const char pooled_session_setup[] = "SET TIME ZONE 'UTC'";
static const char pooled_transaction_setup[] =
    "BEGIN;"
    "SET LOCAL statement_timeout = '30s';"
    "SET LOCAL idle_in_transaction_session_timeout = '60s';"
    "SET LOCAL lock_timeout = '10s';"
    "SET LOCAL jit = off;"
    "SET LOCAL client_min_messages = warning";

/* A pooler hands out its own process id; PostgreSQL's is that of the server process. Says once
 * which way round the setting and the connection are, the first time they disagree. */
static void note_pooler(struct kpid_db *db)
{
    PGresult *res = PQexec(db->conn, "SELECT pg_backend_pid()");
    bool pooled = PQresultStatus(res) == PGRES_TUPLES_OK &&
                  atoi(PQgetvalue(res, 0, 0)) != PQbackendPID(db->conn);
    PQclear(res);
    if (pooled == transaction_pooler || atomic_exchange(&pooler_noted, true))
        return;
    if (pooled)
        kpid_log(KPID_LOG_WARN, "KPID_DATABASE_URL leads to a connection pooler, not to PostgreSQL "
                                "itself: if it pools by transaction (PgBouncer pool_mode = "
                                "transaction), set KPID_DATABASE_POOLER=transaction");
    else
        kpid_log(KPID_LOG_INFO, "KPID_DATABASE_POOLER=transaction, but the connection leads to "
                                "PostgreSQL itself: statements are not prepared");
}

static bool setup_session(struct kpid_db *db)
{
    PGresult *res = PQexec(db->conn, transaction_pooler ? pooled_session_setup : session_setup);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    memset(db->prepared, 0, sizeof db->prepared);
    if (ok)
        note_pooler(db);
    return ok;
}

/* Opens the connection, or re-opens one that is down or was found broken; false when the
 * database is unreachable. */
static bool ensure_connected(struct kpid_db *db)
{
    if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK && !db->broken)
        return true;
    if (db->conn != NULL) {
        PQreset(db->conn);
    } else {
        /* connect_timeout and keepalives bound how long a dead server can stall a request */
        const char *keys[] = {"dbname",          "connect_timeout",  "keepalives",
                              "keepalives_idle", "application_name", NULL};
        const char *vals[] = {db->pool->url, "3", "1", "30", "kpid", NULL};
        db->conn = PQconnectdbParams(keys, vals, 1);
    }
    if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
        return false;
    db->broken = false;
    return setup_session(db);
}

static void deadline_after(struct timespec *ts, unsigned ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* Connections in use charged to the workspace; with the pool locked. */
static unsigned held_by(const struct kpid_db_pool *pool, const char *workspace_id)
{
    unsigned held = 0;
    for (unsigned i = 0; i < pool->size; i++)
        if (pool->dbs[i].in_use && strcmp(pool->dbs[i].workspace, workspace_id) == 0)
            held++;
    return held;
}

/* A free connection, preferring one that is already open, or NULL; with the pool locked. */
static struct kpid_db *free_db(struct kpid_db_pool *pool)
{
    for (unsigned i = 0; i < pool->size; i++)
        if (!pool->dbs[i].in_use && pool->dbs[i].conn != NULL)
            return &pool->dbs[i];
    for (unsigned i = 0; i < pool->size; i++)
        if (!pool->dbs[i].in_use)
            return &pool->dbs[i];
    return NULL;
}

/* Takes a free connection, charged to workspace_id (NULL: to none) when it holds fewer than
 * max; waits up to wait_ms for both, then connects it. */
static struct kpid_db *acquire(struct kpid_db_pool *pool, const char *workspace_id, unsigned max,
                               unsigned wait_ms, enum kpid_db_status *status)
{
    struct timespec deadline;
    struct kpid_db *db = NULL;
    deadline_after(&deadline, wait_ms);
    pthread_mutex_lock(&pool->lock);
    while (db == NULL) {
        if (workspace_id == NULL || held_by(pool, workspace_id) < max)
            db = free_db(pool);
        if (db != NULL)
            break;
        if (pthread_cond_timedwait(&pool->freed, &pool->lock, &deadline) == ETIMEDOUT)
            break;
    }
    if (db != NULL) {
        db->in_use = true;
        db->fell_back = false;
        snprintf(db->workspace, sizeof db->workspace, "%s", workspace_id ? workspace_id : "");
    }
    pthread_mutex_unlock(&pool->lock);
    if (db == NULL) {
        *status = KPID_DB_RETRY;
        return NULL;
    }
    if (!ensure_connected(db)) {
        kpid_log(KPID_LOG_WARN, "database unreachable: %s",
                 db->conn ? PQerrorMessage(db->conn) : "out of memory");
        kpid_db_release(db);
        *status = KPID_DB_UNAVAILABLE;
        return NULL;
    }
    *status = KPID_DB_OK;
    return db;
}

struct kpid_db *kpid_db_acquire(struct kpid_db_pool *pool, unsigned wait_ms,
                                enum kpid_db_status *status)
{
    return acquire(pool, NULL, 0, wait_ms, status);
}

struct kpid_db *kpid_db_acquire_share(struct kpid_db_pool *pool, const char *workspace_id,
                                      unsigned max, unsigned wait_ms, enum kpid_db_status *status)
{
    return acquire(pool, workspace_id, max, wait_ms, status);
}

void kpid_db_release(struct kpid_db *db)
{
    if (db == NULL)
        return;
    if (db->conn != NULL && PQtransactionStatus(db->conn) != PQTRANS_IDLE &&
        PQstatus(db->conn) == CONNECTION_OK) {
        PGresult *res = PQexec(db->conn, "ROLLBACK");
        PQclear(res);
    }
    struct kpid_db_pool *pool = db->pool;
    pthread_mutex_lock(&pool->lock);
    db->in_use = false;
    db->workspace[0] = '\0';
    /* waiters differ (any connection, or one within a workspace's share): wake them all so
     * the one this release serves is not passed over */
    pthread_cond_broadcast(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

unsigned kpid_db_pool_size(const struct kpid_db *db)
{
    return db->pool->size;
}

bool kpid_db_charge(struct kpid_db *db, const char *workspace_id, unsigned max)
{
    struct kpid_db_pool *pool = db->pool;
    pthread_mutex_lock(&pool->lock);
    bool ok = held_by(pool, workspace_id) < max;
    if (ok)
        snprintf(db->workspace, sizeof db->workspace, "%s", workspace_id);
    pthread_mutex_unlock(&pool->lock);
    return ok;
}

PGconn *kpid_db_conn(struct kpid_db *db)
{
    return db->conn;
}

enum kpid_db_status kpid_db_classify(struct kpid_db *db, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    /* no SQLSTATE: libpq itself failed, typically a server that went away mid-call (the
     * connection may still claim to be fine until the next call) */
    if (PQstatus(db->conn) != CONNECTION_OK || state == NULL || strncmp(state, "08", 2) == 0 ||
        strncmp(state, "57P0", 4) == 0) {
        /* 08: connection exception; 57P01-57P03: admin shutdown, crash, cannot connect now */
        db->broken = true;
        atomic_fetch_add(&db_errors, 1);
        return KPID_DB_UNAVAILABLE;
    }
    if (strcmp(state, "25006") == 0) {
        /* a write reached a standby: with a multi-host URL the primary moved; reconnect */
        db->broken = true;
        return KPID_DB_UNAVAILABLE;
    }
    if (strcmp(state, "26000") == 0 || strcmp(state, "42P05") == 0) {
        /* a statement prepared on this connection is gone, or one not prepared here exists */
        db->broken = true;
        atomic_fetch_add(&db_errors, 1);
        kpid_log(KPID_LOG_ERROR,
                 "%s (statement %s): the database connection is shared between clients by a "
                 "pooler in transaction mode: set KPID_DATABASE_POOLER=transaction",
                 PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY), db->running ? db->running : "?");
        return KPID_DB_ERROR;
    }
    if (strcmp(state, "23505") == 0)
        return KPID_DB_UNIQUE;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return KPID_DB_RETRY;
    /* 55P03 lock_timeout, 57014 statement_timeout: contention, which the client may retry
     * later; rerunning at once would only wait on the same lock again */
    if (strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
        return KPID_DB_CONTENDED;
    if (strncmp(state, "22", 2) == 0)
        return KPID_DB_INVALID;
    atomic_fetch_add(&db_errors, 1);
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    kpid_log(KPID_LOG_ERROR, "database error %s in %s: %s%s%s", state,
             db->running ? db->running : "a plain statement", PQresultErrorMessage(res),
             detail ? " detail: " : "", detail ? detail : "");
    return KPID_DB_ERROR;
}

const char *kpid_db_sql_text(const char *name)
{
    char path[128];
    int n = snprintf(path, sizeof path, "src/kpid/store/sql/%s.sql", name);
    if (n < 0 || (size_t)n >= sizeof path)
        return NULL;
    const struct kpid_embedded_file *f = kpid_embedded_find(path);
    return f ? (const char *)f->data : NULL;
}

static int stmt_id(struct kpid_db_stmt *stmt)
{
    int id = __atomic_load_n(&stmt->id, __ATOMIC_ACQUIRE);
    if (id != 0)
        return id;
    int fresh = atomic_fetch_add(&next_stmt_id, 1);
    int expected = 0;
    /* two threads may race on first use: the loser takes the winner's id (its own is unused) */
    if (!__atomic_compare_exchange_n(&stmt->id, &expected, fresh, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        return expected;
    return fresh;
}

static bool result_ok(const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_IN;
}

/* A connection of the pool's fallback for a call its own server could not take (a replica
 * that is down: the read goes to the primary), or NULL; the caller releases it. */
static struct kpid_db *fallback_db(struct kpid_db *db)
{
    struct kpid_db_pool *fallback = db->pool->fallback;
    if (fallback == NULL)
        return NULL;
    enum kpid_db_status st;
    struct kpid_db *other = kpid_db_acquire(fallback, db->pool->fallback_wait_ms, &st);
    if (other != NULL) {
        db->fell_back = true;
        kpid_log(KPID_LOG_WARN, "replica unavailable: the read goes to the primary");
    }
    return other;
}

/* Whether BEGIN has reached the server (begin_pending is then over). */
static bool transaction_open(const struct kpid_db *db)
{
    PGTransactionStatusType st = PQtransactionStatus(db->conn);
    return st == PQTRANS_INTRANS || st == PQTRANS_INERROR || st == PQTRANS_ACTIVE;
}

/* The calls in one pipeline, the pending BEGIN in front; KPID_DB_OK with every result. */
static enum kpid_db_status run_pipeline(struct kpid_db *db, const struct kpid_db_call *calls,
                                        const int *ids, int n, PGresult **results)
{
    struct kpid_pipeline_stmt s[KPID_PIPELINE_MAX] = {0};
    bool prepared[KPID_PIPELINE_MAX];
    for (int i = 0; i < n; i++) {
        /* a statement that comes twice is prepared once, before its first run */
        bool prepare = !db->prepared[ids[i]];
        for (int j = 0; j < i && prepare; j++)
            prepare = ids[j] != ids[i];
        s[i] = (struct kpid_pipeline_stmt){transaction_pooler ? NULL : calls[i].stmt->name,
                                           calls[i].stmt->sql, prepare, calls[i].nparams,
                                           calls[i].params};
    }
    PGresult *failure;
    bool ok = kpid_pipeline_run(db->conn, db->begin_pending, s, n, results, prepared, &failure);
    for (int i = 0; i < n; i++)
        if (prepared[i])
            db->prepared[ids[i]] = 1;
    if (transaction_open(db))
        db->begin_pending = false;
    if (ok)
        return KPID_DB_OK;
    enum kpid_db_status st = kpid_db_classify(db, failure);
    PQclear(failure);
    return st;
}

static PGresult *exec_prepared(struct kpid_db *db, int id, struct kpid_db_stmt *stmt,
                               int nparams, const char *const *params, enum kpid_db_status *status)
{
    const char *name = stmt->name;
    if (db->begin_pending) {
        /* the transaction's first statement goes with its BEGIN */
        const struct kpid_db_call call = {stmt, nparams, params};
        PGresult *res = NULL;
        *status = run_pipeline(db, &call, &id, 1, &res);
        return res;
    }
    if (transaction_pooler) {
        /* parsed, bound and run in one round trip: the unnamed statement lives that long */
        PGresult *res = PQexecParams(db->conn, stmt->sql, nparams, NULL, params, NULL, NULL, 0);
        if (!result_ok(res)) {
            *status = kpid_db_classify(db, res);
            PQclear(res);
            return NULL;
        }
        *status = KPID_DB_OK;
        return res;
    }
    if (!db->prepared[id]) {
        PGresult *prep = PQprepare(db->conn, name, stmt->sql, nparams, NULL);
        if (!result_ok(prep)) {
            *status = kpid_db_classify(db, prep);
            PQclear(prep);
            return NULL;
        }
        PQclear(prep);
        db->prepared[id] = 1;
    }
    PGresult *res = PQexecPrepared(db->conn, name, nparams, params, NULL, NULL, 0);
    if (!result_ok(res)) {
        *status = kpid_db_classify(db, res);
        PQclear(res);
        return NULL;
    }
    *status = KPID_DB_OK;
    return res;
}

/* Loads the statement's text and numbers it on first use; *id is its number. */
static enum kpid_db_status stmt_ready(struct kpid_db_stmt *stmt, int *id)
{
    if (__atomic_load_n(&stmt->sql, __ATOMIC_ACQUIRE) == NULL) {
        const char *sql = kpid_db_sql_text(stmt->name);
        if (sql == NULL) {
            kpid_log(KPID_LOG_ERROR, "no statement src/kpid/store/sql/%s.sql in this build",
                     stmt->name);
            return KPID_DB_ERROR;
        }
        __atomic_store_n(&stmt->sql, sql, __ATOMIC_RELEASE);
    }
    *id = stmt_id(stmt);
    if (*id >= KPID_DB_MAX_STMTS) {
        kpid_log(KPID_LOG_ERROR, "more than %d statements: raise KPID_DB_MAX_STMTS",
                 KPID_DB_MAX_STMTS);
        return KPID_DB_ERROR;
    }
    return KPID_DB_OK;
}

enum kpid_db_status kpid_db_exec_pipelined(struct kpid_db *db, const struct kpid_db_call *calls,
                                           int n, PGresult **results)
{
    int ids[KPID_PIPELINE_MAX];
    if (n < 1 || n > KPID_PIPELINE_MAX)
        return KPID_DB_ERROR;
    for (int i = 0; i < n; i++) {
        enum kpid_db_status st = stmt_ready(calls[i].stmt, &ids[i]);
        if (st != KPID_DB_OK)
            return st;
    }
    bool opens_transaction = db->begin_pending;
    db->running = calls[n - 1].stmt->name;
    enum kpid_db_status st = run_pipeline(db, calls, ids, n, results);
    /* as in kpid_db_exec: a transaction whose BEGIN met a dead connection starts afresh */
    if (st == KPID_DB_UNAVAILABLE && opens_transaction && db->begin_pending &&
        ensure_connected(db))
        st = run_pipeline(db, calls, ids, n, results);
    db->running = NULL;
    return st;
}

PGresult *kpid_db_exec(struct kpid_db *db, struct kpid_db_stmt *stmt, int nparams,
                       const char *const *params, enum kpid_db_status *status)
{
    int id;
    if ((*status = stmt_ready(stmt, &id)) != KPID_DB_OK)
        return NULL;
    bool in_transaction = PQtransactionStatus(db->conn) != PQTRANS_IDLE;
    bool opens_transaction = db->begin_pending;
    db->running = stmt->name;
    PGresult *res = exec_prepared(db, id, stmt, nparams, params, status);
    /* a statement of its own, or a transaction's first with its BEGIN, on a connection that
     * died while pooled (the database was restarted) runs again on a fresh connection;
     * further inside a transaction the caller decides */
    bool retry = !in_transaction && (!opens_transaction || db->begin_pending);
    if (res == NULL && *status == KPID_DB_UNAVAILABLE && retry && ensure_connected(db))
        res = exec_prepared(db, id, stmt, nparams, params, status);
    in_transaction = in_transaction || opens_transaction;
    db->running = NULL;
    struct kpid_db *other;
    if (res == NULL && *status == KPID_DB_UNAVAILABLE && !in_transaction &&
        (other = fallback_db(db)) != NULL) {
        res = kpid_db_exec(other, stmt, nparams, params, status);
        kpid_db_release(other);
    }
    return res;
}

/* Runs text; a pending BEGIN goes in front of it (one simple query, one round trip). */
static PGresult *exec_text_once(struct kpid_db *db, const char *sql)
{
    if (!db->begin_pending)
        return PQexec(db->conn, sql);
    size_t n = strlen(sql);
    char *with_begin = malloc(n + sizeof "BEGIN;");
    if (with_begin == NULL)
        return NULL;
    memcpy(with_begin, "BEGIN;", sizeof "BEGIN;" - 1);
    memcpy(with_begin + sizeof "BEGIN;" - 1, sql, n + 1);
    PGresult *res = PQexec(db->conn, with_begin);
    free(with_begin);
    if (transaction_open(db))
        db->begin_pending = false;
    return res;
}

PGresult *kpid_db_exec_text(struct kpid_db *db, const char *sql, enum kpid_db_status *status)
{
    /* like a statement: a transaction's first runs again on a fresh connection */
    for (int attempt = 0;; attempt++) {
        PGresult *res = exec_text_once(db, sql);
        if (result_ok(res)) {
            *status = KPID_DB_OK;
            return res;
        }
        *status = kpid_db_classify(db, res);
        PQclear(res);
        if (attempt > 0 || !db->begin_pending || *status != KPID_DB_UNAVAILABLE ||
            !ensure_connected(db))
            return NULL;
    }
}

static enum kpid_db_status run_simple(struct kpid_db *db, const char *sql)
{
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec_text(db, sql, &st);
    PQclear(res);
    return st;
}

/* BEGIN with the pooled transaction's settings, re-establishing once a connection that died
 * while idle in the pool. */
static enum kpid_db_status begin_pooled(struct kpid_db *db)
{
    enum kpid_db_status st = run_simple(db, pooled_transaction_setup);
    if (st == KPID_DB_UNAVAILABLE && ensure_connected(db))
        st = run_simple(db, pooled_transaction_setup);
    return st;
}

static enum kpid_db_status transaction_here(struct kpid_db *db, kpid_db_tx_fn fn, void *ctx);

enum kpid_db_status kpid_db_transaction(struct kpid_db *db, kpid_db_tx_fn fn, void *ctx)
{
    enum kpid_db_status st = transaction_here(db, fn, ctx);
    struct kpid_db *other;
    if (st == KPID_DB_UNAVAILABLE && (other = fallback_db(db)) != NULL) {
        st = kpid_db_transaction(other, fn, ctx);
        kpid_db_release(other);
    }
    return st;
}

/* Behind a transaction pooler BEGIN carries the transaction's settings and goes alone; else
 * it waits for the first statement (exec_with_begin, exec_text_once). */
static enum kpid_db_status transaction_here(struct kpid_db *db, kpid_db_tx_fn fn, void *ctx)
{
    enum kpid_db_status st = KPID_DB_RETRY;
    for (int attempt = 0; attempt < 3 && st == KPID_DB_RETRY; attempt++) {
        if (transaction_pooler) {
            if ((st = begin_pooled(db)) != KPID_DB_OK)
                return st;
        } else if (!ensure_connected(db)) {
            return KPID_DB_UNAVAILABLE;
        } else {
            db->begin_pending = true;
        }
        st = fn(db, ctx);
        bool began = !db->begin_pending;
        db->begin_pending = false;
        if (st == KPID_DB_OK && began)
            st = run_simple(db, "COMMIT");
        if (st != KPID_DB_OK && PQstatus(db->conn) == CONNECTION_OK &&
            PQtransactionStatus(db->conn) != PQTRANS_IDLE)
            run_simple(db, "ROLLBACK");
    }
    return st;
}
