/* kpid's entry point: serve (the default), migrate, create an API key or set a workspace's
 * limits. */
#include "kpid/config.h"
#include "kpid/store/db.h"
#include "kpid/keys/key_cache.h"
#include "kpid/keys/keys.h"
#include "kpid/store/idem_purge.h"
#include "kpid/store/rollup_merge.h"
#include "kpid/store/workspace.h"
#include "kpid/store/migrate.h"
#include "kpid/store/table_stats.h"
#include "kpid/store/write_locks_prune.h"
#include "kpid/describe.h"
#include "kpid/http/auth.h"
#include "kpid/http/server.h"
#include "kpid/http/write.h"
#include "kpid/kpis/results_refresh.h"
#include "kpid/limits/cli.h"
#include "kpid/reporting/cli.h"
#include "kpid/log.h"
#include "kpid/workers/fetch_worker.h"

#include <curl/curl.h>

#include <jansson.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KPID_VERSION
#define KPID_VERSION "dev"
#endif

static const char usage[] =
    "usage: kpid [serve]                  run the HTTP API (migrates first)\n"
    "       kpid migrate                  apply pending database migrations\n"
    "       kpid keys create --workspace NAME --scope SCOPE[,SCOPE] [--name NAME]\n"
    "                                     create the workspace if needed and print a new key\n"
    "       kpid workspace limits --workspace NAME [--max-kpis N|default ...]\n"
    "                                     set and print a workspace's limits\n"
    "       kpid reporting grant|revoke --workspace NAME\n"
    "                                     create (or re-key) and print, or drop, the workspace's\n"
    "                                     read-only database role for BI tools\n"
    "       kpid routes | enums           print the route table or the enumerations as JSON\n"
    "       kpid --help | --version\n\n";

static struct kpid_db_pool *open_single(const struct kpid_config *cfg, struct kpid_db **db)
{
    struct kpid_db_pool *pool = kpid_db_pool_new(cfg->database_url, 1);
    enum kpid_db_status st;
    *db = pool ? kpid_db_acquire(pool, 1000, &st) : NULL;
    if (*db == NULL) {
        fprintf(stderr, "kpid: cannot connect to the database (KPID_DATABASE_URL)\n");
        kpid_db_pool_free(pool);
        return NULL;
    }
    return pool;
}

/* What a command does on a migrated database; returns the process's exit status. */
typedef int (*db_command)(struct kpid_db *db, void *arg);

/* Connects, migrates, then runs command (when not NULL) on the connection; the exit status. */
static int with_migrated_db(const struct kpid_config *cfg, db_command command, void *arg)
{
    struct kpid_db *db;
    struct kpid_db_pool *pool = open_single(cfg, &db);
    if (pool == NULL)
        return 1;
    char err[512];
    int rc = 1;
    if (kpid_migrate(db, err, sizeof err) != 0)
        fprintf(stderr, "kpid: migration refused: %s\n", err);
    else
        rc = command ? command(db, arg) : 0;
    kpid_db_release(db);
    kpid_db_pool_free(pool);
    return rc;
}

static int run_migrate(const struct kpid_config *cfg)
{
    return with_migrated_db(cfg, NULL, NULL);
}

/* Turns "read,ingest" into the text[] literal "{read,ingest}"; 0 on an unknown scope. */
static int scopes_literal(const char *list, char *out, size_t size)
{
    char copy[64];
    snprintf(copy, sizeof copy, "%s", list);
    size_t used = (size_t)snprintf(out, size, "{");
    for (char *save = NULL, *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
        if (kpid_scope_parse(s) == 0)
            return 0;
        used += (size_t)snprintf(out + used, size - used, "%s%s", used > 1 ? "," : "", s);
    }
    snprintf(out + used, size - used, "}");
    return used > 1;
}

struct key_request {
    const char *workspace, *scope, *name;
    char scopes[64];
};

static int create_key(struct kpid_db *db, void *arg)
{
    const struct key_request *req = arg;
    char workspace_id[37];
    json_t *key = NULL;
    int rc = 1;
    if (kpid_store_workspace_upsert(db, req->workspace, workspace_id) != KPID_DB_OK ||
        kpid_key_create(db, workspace_id, req->name, req->scopes, &key) != KPID_DB_OK)
        fprintf(stderr, "kpid: cannot create the key (is '%s' a valid workspace name?)\n",
                req->workspace);
    else {
        printf("%s\n", json_string_value(json_object_get(key, "key")));
        fprintf(stderr, "kpid: key %s (%s) for workspace %s; it is shown only once\n",
                json_string_value(json_object_get(key, "prefix")), req->scope, req->workspace);
        rc = 0;
    }
    json_decref(key);
    return rc;
}

static int run_keys_create(const struct kpid_config *cfg, int argc, char **argv)
{
    struct key_request req = {.name = "cli"};
    for (int i = 0; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--workspace") == 0)
            req.workspace = argv[i + 1];
        else if (strcmp(argv[i], "--scope") == 0)
            req.scope = argv[i + 1];
        else if (strcmp(argv[i], "--name") == 0)
            req.name = argv[i + 1];
    }
    if (req.workspace == NULL || req.scope == NULL ||
        !scopes_literal(req.scope, req.scopes, sizeof req.scopes)) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    return with_migrated_db(cfg, create_key, &req);
}

struct cli_args {
    int argc;
    char **argv;
};

static int set_workspace_limits(struct kpid_db *db, void *arg)
{
    const struct cli_args *args = arg;
    return kpid_limits_cli(db, args->argc, args->argv);
}

static int run_workspace_limits(const struct kpid_config *cfg, int argc, char **argv)
{
    struct cli_args args = {argc, argv};
    return with_migrated_db(cfg, set_workspace_limits, &args);
}

static int reporting_command(struct kpid_db *db, void *arg)
{
    const struct cli_args *args = arg;
    int rc = kpid_reporting_cli(db, args->argc, args->argv);
    if (rc == 2)
        fprintf(stderr, "%s", usage);
    return rc;
}

static int run_reporting(const struct kpid_config *cfg, int argc, char **argv)
{
    struct cli_args args = {argc, argv};
    return with_migrated_db(cfg, reporting_command, &args);
}

static int run_serve(const struct kpid_config *cfg, const struct kpid_fetch_config *fetch)
{
    if (run_migrate(cfg) != 0)
        return 1;
    /* SIGTERM/SIGINT are taken synchronously below; every thread inherits the block */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct kpid_server server = {.config = cfg};
    server.pool = kpid_db_pool_new(cfg->database_url, cfg->db_connections);
    server.refresh = kpid_results_refresh_start(cfg->database_url, cfg->results_refresh_s);
    if (server.refresh == NULL)
        kpid_log(KPID_LOG_WARN, "the refresh of stored results could not start");
    if (server.pool != NULL && cfg->database_read_url != NULL) {
        server.read_pool = kpid_db_pool_new(cfg->database_read_url, cfg->db_connections);
        if (server.read_pool != NULL)
            kpid_db_pool_set_fallback(server.read_pool, server.pool, cfg->db_wait_ms);
    }
    if (server.pool == NULL || (cfg->database_read_url != NULL && server.read_pool == NULL) ||
        kpid_server_start(&server) != 0) {
        kpid_results_refresh_stop(server.refresh);
        kpid_db_pool_free(server.read_pool);
        kpid_db_pool_free(server.pool);
        return 1;
    }
    kpid_log(KPID_LOG_INFO, "kpid %s serving on %s with %u database connections", KPID_VERSION,
             cfg->listen, cfg->db_connections);
    struct kpid_idem_purge *purge =
        kpid_idem_purge_start(cfg->database_url, cfg->idem_purge_interval_s, cfg->idem_purge_batch,
                              KPID_IDEMPOTENCY_HOURS);
    if (purge == NULL)
        kpid_log(KPID_LOG_WARN, "the purge of expired idempotency keys could not start");
    /* every 2 s: a new workspace's import must not run long on plans for a 1-row workspace */
    struct kpid_db_job *stats = kpid_table_stats_start(cfg->database_url, 2);
    if (stats == NULL)
        kpid_log(KPID_LOG_WARN, "the statistics keeper of leads and deals could not start");
    struct kpid_db_job *merge =
        kpid_rollup_merge_start(cfg->database_url, cfg->rollup_merge_s);
    if (merge == NULL)
        kpid_log(KPID_LOG_WARN, "the merge of rollup deltas could not start");
    /* every 2 s: a batch of 1000 leads leaves about 3000 rows behind */
    struct kpid_db_job *prune = kpid_write_locks_prune_start(cfg->database_url, 2);
    if (prune == NULL)
        kpid_log(KPID_LOG_WARN, "the prune of the lead writers' lock rows could not start");
    struct kpid_fetch_workers *fetchers = kpid_fetch_workers_start(cfg->database_url, fetch);
    if (fetchers == NULL)
        kpid_log(KPID_LOG_WARN, "the CRM fetch workers could not start");
    int sig = 0;
    sigwait(&stop, &sig);
    kpid_log(KPID_LOG_INFO, "signal %d: finishing requests in flight", sig);
    kpid_server_stop(&server, 8);
    kpid_table_stats_stop(stats); /* after the last request: writers wake it */
    kpid_fetch_workers_stop(fetchers);
    kpid_db_job_stop(merge);
    kpid_db_job_stop(prune);
    kpid_idem_purge_stop(purge);
    kpid_results_refresh_stop(server.refresh);
    kpid_db_pool_free(server.read_pool);
    kpid_db_pool_free(server.pool);
    kpid_log(KPID_LOG_INFO, "stopped");
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "serve";
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        printf("%s%s", usage, kpid_config_help);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("kpid %s\n", KPID_VERSION);
        return 0;
    }
    if (strcmp(cmd, "routes") == 0)
        return kpid_describe_routes();
    if (strcmp(cmd, "enums") == 0)
        return kpid_describe_enums();
    /* before any thread exists: randomised hashing against crafted-key flooding */
    json_object_seed(0);
    /* a fixed mmap threshold: request bodies and JSON trees over 128 KiB go back to the OS when
     * freed instead of growing each thread's malloc arena for good (flat RSS under load) */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    /* threads per connection would otherwise get up to 8 arenas per core, each kept warm */
    mallopt(M_ARENA_MAX, 4);
    /* libcurl's global state, before any thread exists (the fetch workers use it) */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct kpid_config cfg;
    struct kpid_fetch_config fetch;
    char err[256];
    if (kpid_config_load(&cfg, err, sizeof err) != 0 ||
        kpid_limits_load_env(err, sizeof err) != 0 ||
        kpid_key_cache_load_env(err, sizeof err) != 0 ||
        kpid_fetch_config_load(&fetch, err, sizeof err) != 0) {
        fprintf(stderr, "kpid: %s\n", err);
        return 2;
    }
    kpid_log_set_level(cfg.log_level);
    kpid_db_use_transaction_pooler(cfg.transaction_pooler);
    if (strcmp(cmd, "serve") == 0)
        return run_serve(&cfg, &fetch);
    if (strcmp(cmd, "migrate") == 0)
        return run_migrate(&cfg);
    if (strcmp(cmd, "keys") == 0 && argc > 2 && strcmp(argv[2], "create") == 0)
        return run_keys_create(&cfg, argc - 3, argv + 3);
    if (strcmp(cmd, "workspace") == 0 && argc > 2 && strcmp(argv[2], "limits") == 0)
        return run_workspace_limits(&cfg, argc - 3, argv + 3);
    if (strcmp(cmd, "reporting") == 0)
        return run_reporting(&cfg, argc - 2, argv + 2);
    fprintf(stderr, "%s", usage);
    return 2;
}
