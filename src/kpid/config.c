/* Reads kpid's configuration from the environment, with defaults and range checks. */
#include "kpid/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char kpid_config_help[] =
    "Environment:\n"
    "  KPID_DATABASE_URL    libpq connection string (required), e.g. postgresql:///kpid\n"
    "  KPID_DATABASE_READ_URL  libpq connection string of read replicas for the analytical\n"
    "                       reads (default none: everything on KPID_DATABASE_URL)\n"
    "  KPID_DATABASE_POOLER session, or transaction behind PgBouncer's pool_mode =\n"
    "                       transaction: unnamed statements, settings per transaction\n"
    "                       (default session)\n"
    "  KPID_LISTEN          address to serve on (default 127.0.0.1:8080)\n"
    "  KPID_THREADS         requests doing database work at once = database connections\n"
    "                       (default 24)\n"
    "  KPID_MAX_BODY_BYTES  request body cap (default 1048576)\n"
    "  KPID_LOG_LEVEL       error, warn, info or debug (default info)\n"
    "  KPID_CORS_ORIGINS    comma-separated origins allowed to call the API from a browser\n"
    "                       (default none; * allows any)\n"
    "  KPID_CONNECTION_TIMEOUT  seconds an idle or stalled connection is kept (default 30)\n"
    "  KPID_HEADER_TIMEOUT      seconds a new connection has to send its request line and\n"
    "                           headers before it is closed (default 5)\n"
    "  KPID_MAX_CONNECTIONS     concurrent client connections; requests on connections past\n"
    "                           it are answered 503 with Retry-After (default 1000)\n"
    "  KPID_MAX_CONNECTIONS_PER_ADDRESS  concurrent connections from one client address;\n"
    "                           more are closed at once (default 64)\n"
    "  KPID_IDEMPOTENCY_PURGE_SECONDS  seconds between purges of expired Idempotency-Key\n"
    "                                  responses (default 60)\n"
    "  KPID_IDEMPOTENCY_PURGE_BATCH    most rows one purge statement deletes (default 1000)\n"
    "  KPID_WORKSPACE_POOL_SHARE  percent of the database connections one workspace may hold\n"
    "                       (default 50; per workspace: kpid workspace limits)\n"
    "  KPID_RESULTS_TIMEOUT     seconds one results request may compute (default 10)\n"
    "  KPID_KEY_CACHE_SECONDS   seconds an API key lookup is reused (default 5; 0: off);\n"
    "                           a revocation through another instance waits that long\n"
    "  KPID_FETCH_WORKERS       threads fetching CRM records for id-only deliveries\n"
    "                           (default 2; each has a database connection)\n"
    "  KPID_FETCH_PER_SOURCE    fetches of one source at once (default 2)\n"
    "  KPID_FETCH_CONNECT_TIMEOUT_MS  connect timeout of a fetch (default 5000)\n"
    "  KPID_FETCH_TIMEOUT_MS    total timeout of a fetch (default 15000)\n"
    "  KPID_FETCH_RETRY_BASE_MS first retry delay of a failed fetch, doubled per attempt\n"
    "                           with jitter (default 5000)\n"
    "  KPID_FETCH_RETRY_MAX_MS  longest retry delay (default 600000)\n"
    "  KPID_FETCH_GIVE_UP_SECONDS  a delivery not fetched this long after it came is failed\n"
    "                           (default 86400)\n"
    "  KPID_FETCH_POLL_MS       how often an idle fetch worker looks for due events\n"
    "                           (default 1000)\n"
    "  KPID_RESULTS_REFRESH_SECONDS  seconds between refreshes of stale stored results\n"
    "                                (default 60)\n"
    "  KPID_ROLLUP_MERGE_SECONDS  seconds between merges of the rollups' delta log (default 2)\n";

static int read_unsigned(const char *name, unsigned long long def, unsigned long long min,
                         unsigned long long max, unsigned long long *out, char *err,
                         size_t err_size)
{
    const char *text = getenv(name);
    if (text == NULL || *text == '\0') {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || text[0] == '-' || v < min || v > max) {
        snprintf(err, err_size, "%s must be a whole number from %llu to %llu, got '%s'", name, min,
                 max, text);
        return -1;
    }
    *out = v;
    return 0;
}

static int read_log_level(enum kpid_log_level *out, char *err, size_t err_size)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    const char *text = getenv("KPID_LOG_LEVEL");
    if (text == NULL || *text == '\0') {
        *out = KPID_LOG_INFO;
        return 0;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (enum kpid_log_level)i;
            return 0;
        }
    }
    snprintf(err, err_size, "KPID_LOG_LEVEL must be error, warn, info or debug, got '%s'", text);
    return -1;
}

static int read_purge(struct kpid_config *cfg, char *err, size_t err_size)
{
    unsigned long long interval, batch;
    if (read_unsigned("KPID_IDEMPOTENCY_PURGE_SECONDS", 60, 1, 86400, &interval, err, err_size) !=
            0 ||
        read_unsigned("KPID_IDEMPOTENCY_PURGE_BATCH", 1000, 1, 100000, &batch, err, err_size) != 0)
        return -1;
    cfg->idem_purge_interval_s = (unsigned)interval;
    cfg->idem_purge_batch = (unsigned)batch;
    return 0;
}

/* The intervals of kpid's background jobs: the stored results refresh and the rollup merge. */
static int read_background_intervals(struct kpid_config *cfg, char *err, size_t err_size)
{
    unsigned long long interval;
    if (read_unsigned("KPID_RESULTS_REFRESH_SECONDS", 60, 1, 86400, &interval, err, err_size) != 0)
        return -1;
    cfg->results_refresh_s = (unsigned)interval;
    if (read_unsigned("KPID_ROLLUP_MERGE_SECONDS", 2, 1, 3600, &interval, err, err_size) != 0)
        return -1;
    cfg->rollup_merge_s = (unsigned)interval;
    return 0;
}

/* The optional replica URL and how the connections are pooled on the way to PostgreSQL. */
static int read_database_routing(struct kpid_config *cfg, char *err, size_t err_size)
{
    cfg->database_read_url = getenv("KPID_DATABASE_READ_URL");
    if (cfg->database_read_url != NULL && *cfg->database_read_url == '\0')
        cfg->database_read_url = NULL;
    const char *pooler = getenv("KPID_DATABASE_POOLER");
    if (pooler == NULL || *pooler == '\0' || strcmp(pooler, "session") == 0)
        return 0;
    if (strcmp(pooler, "transaction") == 0) {
        cfg->transaction_pooler = true;
        return 0;
    }
    snprintf(err, err_size, "KPID_DATABASE_POOLER must be session or transaction, got '%s'",
             pooler);
    return -1;
}

int kpid_config_load(struct kpid_config *cfg, char *err, size_t err_size)
{
    unsigned long long threads, body, timeout, connections, per_address, header_timeout;
    memset(cfg, 0, sizeof *cfg);
    cfg->database_url = getenv("KPID_DATABASE_URL");
    if (cfg->database_url == NULL || *cfg->database_url == '\0') {
        snprintf(err, err_size, "KPID_DATABASE_URL is not set (see kpid --help)");
        return -1;
    }
    cfg->listen = getenv("KPID_LISTEN");
    if (cfg->listen == NULL || *cfg->listen == '\0')
        cfg->listen = "127.0.0.1:8080";
    if (read_unsigned("KPID_THREADS", 24, 1, 500, &threads, err, err_size) != 0 ||
        read_unsigned("KPID_MAX_BODY_BYTES", 1048576, 1024, 256ull << 20, &body, err, err_size) !=
            0 ||
        read_unsigned("KPID_CONNECTION_TIMEOUT", 30, 1, 3600, &timeout, err, err_size) != 0 ||
        read_unsigned("KPID_MAX_CONNECTIONS", 1000, 1, 10000, &connections, err, err_size) != 0 ||
        read_unsigned("KPID_HEADER_TIMEOUT", 5, 1, 3600, &header_timeout, err, err_size) != 0 ||
        read_unsigned("KPID_MAX_CONNECTIONS_PER_ADDRESS", 64, 1, 10000, &per_address, err,
                      err_size) != 0 ||
        read_log_level(&cfg->log_level, err, err_size) != 0)
        return -1;
    cfg->db_connections = (unsigned)threads;
    cfg->max_body_bytes = (size_t)body;
    cfg->cors_origins = getenv("KPID_CORS_ORIGINS");
    if (cfg->cors_origins != NULL && *cfg->cors_origins == '\0')
        cfg->cors_origins = NULL;
    cfg->connection_limit = (unsigned)connections;
    cfg->per_address_limit = (unsigned)per_address;
    cfg->connection_timeout_s = (unsigned)timeout;
    cfg->header_timeout_s = (unsigned)header_timeout;
    cfg->db_wait_ms = 2000;
    if (read_database_routing(cfg, err, err_size) != 0 || read_purge(cfg, err, err_size) != 0)
        return -1;
    return read_background_intervals(cfg, err, err_size);
}

int kpid_config_read_unsigned(const char *name, unsigned long long def, unsigned long long min,
                              unsigned long long max, unsigned long long *out, char *err,
                              size_t err_size)
{
    return read_unsigned(name, def, min, max, out, err, err_size);
}
