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

/* A kind of file kpid runs against the database, and where it records each one it ran. */
struct file_kind {
    const char *dir;                   /* its folder, the prefix its recorded name drops */
    const char *table;                 /* the table of recorded checksums */
    const char *done;                  /* the log's verb once a file was run */
    struct kpid_db_stmt *checksum_get; /* $1 name -> recorded checksum */
    struct kpid_db_stmt *record;       /* $1 name, $2 checksum */
};

static const struct file_kind migrations = {"migrations/", "schema_migrations", "applied",
                                            &applied_checksum, &record_applied};
static const struct file_kind functions = {FUNCTIONS_DIR, "schema_functions", "created",
                                           &function_checksum, &record_function};

static bool is_migration(const struct kpid_embedded_file *f)
{
    size_t n = strlen(f->name);
    return strncmp(f->name, migrations.dir, strlen(migrations.dir)) == 0 && n > 4 &&
           strcmp(f->name + n - 4, ".sql") == 0;
}

static bool is_function_file(const struct kpid_embedded_file *f)
{
    return strncmp(f->name, functions.dir, strlen(functions.dir)) == 0;
}

static void checksum(const struct kpid_embedded_file *f, char hex[65])
{
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_Digest(f->data, f->size, digest, &len, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* Reads the checksum recorded for f into recorded: 1 found, 0 not recorded, -1 error. */
static int recorded_checksum(struct kpid_db *db, const struct file_kind *kind,
                             const struct kpid_embedded_file *f, char recorded[65], char *err,
                             size_t err_size)
{
    const char *params[] = {f->name + strlen(kind->dir)};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, kind->checksum_get, 1, params, &st);
    if (res == NULL) {
        snprintf(err, err_size, "cannot read %s: %s", kind->table,
                 PQerrorMessage(kpid_db_conn(db)));
        return -1;
    }
    int found = PQntuples(res) == 1;
    if (found)
        snprintf(recorded, 65, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return found;
}

/* 1 applied and unchanged, 0 not applied, -1 changed or error (err filled). */
static int applied_state(struct kpid_db *db, const struct kpid_embedded_file *f, char *err,
                         size_t err_size)
{
    char sum[65], recorded[65];
    int found = recorded_checksum(db, &migrations, f, recorded, err, err_size);
    if (found <= 0)
        return found;
    checksum(f, sum);
    if (strcmp(recorded, sum) != 0) {
        snprintf(err, err_size,
                 "%s was changed after it was applied (recorded sha256 %.12s..., file "
                 "%.12s...): restore it and put the change in a new migration",
                 f->name, recorded, sum);
        return -1;
    }
    return 1;
}

struct apply_ctx {
    const struct file_kind *kind;
    const struct kpid_embedded_file *file;
    char error[512]; /* the server's message, kept before the rollback clears it */
};

static enum kpid_db_status keep_error(struct kpid_db *db, struct apply_ctx *ctx,
                                      enum kpid_db_status st)
{
    snprintf(ctx->error, sizeof ctx->error, "%s", PQerrorMessage(kpid_db_conn(db)));
    return st;
}

/* Runs the file (a migration, or CREATE OR REPLACE statements) and records its checksum. */
static enum kpid_db_status apply_file(struct kpid_db *db, void *arg)
{
    struct apply_ctx *ctx = arg;
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec_text(db, (const char *)ctx->file->data, &st);
    if (res == NULL)
        return keep_error(db, ctx, st);
    PQclear(res);
    char sum[65];
    checksum(ctx->file, sum);
    const char *params[] = {ctx->file->name + strlen(ctx->kind->dir), sum};
    res = kpid_db_exec(db, ctx->kind->record, 2, params, &st);
    if (res == NULL)
        return keep_error(db, ctx, st);
    PQclear(res);
    return st;
}

/* Runs f in a transaction of its own; 0 or -1 with err filled. */
static int run_file(struct kpid_db *db, const struct file_kind *kind,
                    const struct kpid_embedded_file *f, char *err, size_t err_size)
{
    struct apply_ctx ctx = {.kind = kind, .file = f};
    if (kpid_db_transaction(db, apply_file, &ctx) != KPID_DB_OK) {
        const char *why = ctx.error[0] ? ctx.error : PQerrorMessage(kpid_db_conn(db));
        snprintf(err, err_size, "%s failed: %s", f->name, why);
        return -1;
    }
    kpid_log(KPID_LOG_INFO, "%s %s", kind->done, f->name);
    return 0;
}

/* Runs each function file whose checksum differs from the one recorded; 0 or -1. */
static int apply_functions(struct kpid_db *db, char *err, size_t err_size)
{
    for (const struct kpid_embedded_file *f = kpid_embedded_files; f->name; f++) {
        if (!is_function_file(f))
            continue;
        char sum[65], recorded[65];
        int found = recorded_checksum(db, &functions, f, recorded, err, err_size);
        if (found < 0)
            return -1;
        checksum(f, sum);
        if (found == 1 && strcmp(recorded, sum) == 0)
            continue;
        if (run_file(db, &functions, f, err, err_size) != 0)
            return -1;
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

/* Through a transaction pooler the advisory lock below could stay behind on a server
 * connection the pooler then lends to other clients, so there kpid only checks the schema. */
static int check_only(struct kpid_db *db, char *err, size_t err_size)
{
    int current = kpid_migrations_current(db, err, err_size);
    if (current == 0)
        snprintf(err, err_size,
                 "migrations are pending and KPID_DATABASE_POOLER=transaction: run kpid migrate "
                 "with a KPID_DATABASE_URL that leads to PostgreSQL itself");
    return current == 1 ? 0 : -1;
}

int kpid_migrate(struct kpid_db *db, char *err, size_t err_size)
{
    if (kpid_db_transaction_pooled())
        return check_only(db, err, err_size);
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
            rc = run_file(db, &migrations, f, err, err_size);
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
