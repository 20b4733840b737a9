/* kpid's run-time configuration, read once from KPID_* environment variables. */
#ifndef KPID_CONFIG_H
#define KPID_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum kpid_log_level { KPID_LOG_ERROR, KPID_LOG_WARN, KPID_LOG_INFO, KPID_LOG_DEBUG };

struct kpid_config {
    const char *database_url; /* KPID_DATABASE_URL (borrowed from the environment) */
    const char *database_read_url; /* KPID_DATABASE_READ_URL: replicas; NULL = none */
    bool transaction_pooler;       /* KPID_DATABASE_POOLER=transaction */
    const char *listen;       /* KPID_LISTEN, "host:port" or "[v6]:port" */
    unsigned db_connections;  /* KPID_THREADS: requests doing database work at once */
    size_t max_body_bytes;    /* KPID_MAX_BODY_BYTES */
    enum kpid_log_level log_level;
    const char *cors_origins;      /* KPID_CORS_ORIGINS, comma-separated; NULL: none */
    unsigned connection_limit;     /* KPID_MAX_CONNECTIONS: more are answered 503 */
    unsigned per_address_limit;    /* KPID_MAX_CONNECTIONS_PER_ADDRESS: more are closed */
    unsigned connection_timeout_s; /* KPID_CONNECTION_TIMEOUT: idle keep-alive, stalled body */
    unsigned header_timeout_s;     /* KPID_HEADER_TIMEOUT: a new connection's request line and
                                      headers */
    unsigned db_wait_ms;           /* how long a request waits for a free database connection */
    unsigned idem_purge_interval_s; /* KPID_IDEMPOTENCY_PURGE_SECONDS */
    unsigned idem_purge_batch;      /* KPID_IDEMPOTENCY_PURGE_BATCH: rows per statement */
    unsigned results_refresh_s;     /* KPID_RESULTS_REFRESH_SECONDS: stored results refresh */
    unsigned rollup_merge_s;        /* KPID_ROLLUP_MERGE_SECONDS: rollup delta log merge */
};

/* Fills *cfg from the environment; on a bad value writes a message to err and returns -1. */
int kpid_config_load(struct kpid_config *cfg, char *err, size_t err_size);

/* One whole-number variable (def when unset) for modules that read their own settings; -1
 * with a message when it is malformed or out of [min, max]. */
int kpid_config_read_unsigned(const char *name, unsigned long long def, unsigned long long min,
                              unsigned long long max, unsigned long long *out, char *err,
                              size_t err_size);

/* The --help text listing every variable and its default. */
extern const char kpid_config_help[];

#endif
