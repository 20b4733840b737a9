/* Forward-only schema migrations (numbered SQL files recorded with a SHA-256 checksum in
 * schema_migrations), then the server-side functions and triggers of src/kpid/store/functions,
 * re-created whenever their file changed. Both are compiled into kpid. */
#include "kpid/store/migrate.h"

#include "kpid/store/db.h"
#include "kpid/embedded.h"
#include "kpid/log.h"

#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char create_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version text PRIMARY KEY, checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now());"
    "COMMENT ON TABLE schema_migrations IS 'Migrations kpid applied, with the SHA-256 of each';"
    "CREATE TABLE IF NOT EXISTS schema_functions ("
    " name text PRIMARY KEY, checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now());"
    "COMMENT ON TABLE schema_functions IS 'Function files (src/kpid/store/functions) kpid ran,"
    " with the SHA-256 of each: a changed file is run again'";

#define FUNCTIONS_DIR "src/kpid/store/functions/"

KPID_DB_STMT(applied_checksum, "migration_checksum_get");
KPID_DB_STMT(record_applied, "migration_record");
KPID_DB_STMT(function_checksum, "function_checksum_get");
KPID_DB_STMT(record_function, "function_record");

static bool is_migration(const struct kpid_embedded_file *f)
{
    size_t n = strlen(f->name);
    return strncmp(f->name, "migrations/", 11) == 0 && n > 4 &&
           strcmp(f->name + n - 4, ".sql") == 0;
}

static bool is_function_file(const struct kpid_embedded_file *f)
{
    return strncmp(f->name, FUNCTIONS_DIR, strlen(FUNCTIONS_DIR)) == 0;
}

static void checksum(const struct kpid_embedded_file *f, char hex[65])
{
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_Digest(f->data, f->size, digest, &len, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* 1 applied and unchanged, 0 not applied, -1 changed or error (err filled). */
static int applied_state(struct kpid_db *db, const struct kpid_embedded_file *f, char *err,
                         size_t err_size)
{
    char sum[65];
    checksum(f, sum);
    const char *params[] = {f->name + 11};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &applied_checksum, 1, params, &st);
    if (res == NULL) {
        snprintf(err, err_size, "cannot read schema_migrations: %s",
                 PQerrorMessage(kpid_db_conn(db)));
        return -1;
    }
    int state = 0;
    if (PQntuples(res) == 1) {
        state = 1;
        if (strcmp(PQgetvalue(res, 0, 0), sum) != 0) {
            snprintf(err, err_size,
                     "%s was changed after it was applied (recorded sha256 %.12s..., file "
                     "%.12s...): restore it and put the change in a new migration",
                     f->name, PQgetvalue(res, 0, 0), sum);
            state = -1;
        }
    }
    PQclear(res);
    return state;
}

struct apply_ctx {
    const struct kpid_embedded_file *file;
};

static enum kpid_db_status apply_one(struct kpid_db *db, void *arg)
{
    const struct apply_ctx *ctx = arg;
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec_text(db, (const char *)ctx->file->data, &st);
    if (res == NULL)
        return st;
    PQclear(res);
    char sum[65];
    checksum(ctx->file, sum);
    const char *params[] = {ctx->file->name + 11, sum};
    res = kpid_db_exec(db, &record_applied, 2, params, &st);
    PQclear(res);
    return st;
}

/* Runs a function file (CREATE OR REPLACE FUNCTION / TRIGGER) and records its checksum. */
static enum kpid_db_status apply_function(struct kpid_db *db, void *arg)
{
    const struct apply_ctx *ctx = arg;
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec_text(db, (const char *)ctx->file->data, &st);
    if (res == NULL)
        return st;
    PQclear(res);
    char sum[65];
    checksum(ctx->file, sum);
    const char *params[] = {ctx->file->name + strlen(FUNCTIONS_DIR), sum};
    res = kpid_db_exec(db, &record_function, 2, params, &st);
    PQclear(res);
    return st;
}

/* Runs each function file whose checksum differs from the one recorded; 0 or -1. */
static int apply_functions(struct kpid_db *db, char *err, size_t err_size)
{
    for (const struct kpid_embedded_file *f = kpid_embedded_files; f->name; f++) {
        if (!is_function_file(f))
            continue;
        char sum[65];
        checksum(f, sum);
        const char *params[] = {f->name + strlen(FUNCTIONS_DIR)};
        enum kpid_db_status st;
        PGresult *res = kpid_db_exec(db, &function_checksum, 1, params, &st);
        if (res == NULL) {
            snprintf(err, err_size, "cannot read schema_functions: %s",
                     PQerrorMessage(kpid_db_conn(db)));
            return -1;
        }
        bool current = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), sum) == 0;
        PQclear(res);
        if (current)
            continue;
        struct apply_ctx ctx = {f};
        if (kpid_db_transaction(db, apply_function, &ctx) != KPID_DB_OK) {
            snprintf(err, err_size, "%s failed: %s", f->name, PQerrorMessage(kpid_db_conn(db)));
            return -1;
        }
        kpid_log(KPID_LOG_INFO, "created %s", f->name);
    }
    return 0;
}

static int simple(struct kpid_db *db, const char *sql, char *err, size_t err_size)
{
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec_text(db, sql, &st);
    if (res == NULL) {
        snprintf(err, err_size, "%s", PQerrorMessage(kpid_db_conn(db)));
        return -1;
    }
    PQclear(res);
    return 0;
}

int kpid_migrate(struct kpid_db *db, char *err, size_t err_size)
{
    /* one migrator at a time across processes; the lock ends with the session anyway */
    if (simple(db, "SELECT pg_advisory_lock(7031977)", err, err_size) != 0 ||
        simple(db, create_table, err, err_size) != 0)
        return -1;
    int rc = 0;
    for (const struct kpid_embedded_file *f = kpid_embedded_files; f->name && rc == 0; f++) {
        if (!is_migration(f))
            continue;
        int state = applied_state(db, f, err, err_size);
        if (state < 0) {
            rc = -1;
        } else if (state == 0) {
            struct apply_ctx ctx = {f};
            if (kpid_db_transaction(db, apply_one, &ctx) != KPID_DB_OK) {
                snprintf(err, err_size, "%s failed: %s", f->name, PQerrorMessage(kpid_db_conn(db)));
                rc = -1;
            } else {
                kpid_log(KPID_LOG_INFO, "applied %s", f->name);
            }
        }
    }
    if (rc == 0)
        rc = apply_functions(db, err, err_size);
    char ignored[8];
    simple(db, "SELECT pg_advisory_unlock(7031977)", ignored, sizeof ignored);
    return rc;
}

KPID_DB_STMT(table_exists, "migration_table_exists");

int kpid_migrations_current(struct kpid_db *db, char *err, size_t err_size)
{
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &table_exists, 0, NULL, &st);
    if (res == NULL) {
        snprintf(err, err_size, "database unavailable");
        return -1;
    }
    bool exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (!exists)
        return 0;
    for (const struct kpid_embedded_file *f = kpid_embedded_files; f->name; f++) {
        if (!is_migration(f))
            continue;
        int state = applied_state(db, f, err, err_size);
        if (state <= 0)
            return state;
    }
    return 1;
}
