/* The fetch-back workers: threads of their own that complete pending_fetch deliveries from
 * the CRM's API, off the request path, with retries on a schedule kept in the database. */
#ifndef KPID_WORKERS_FETCH_WORKER_H
#define KPID_WORKERS_FETCH_WORKER_H

#include <stddef.h>

/* The KPID_FETCH_* settings. */
struct kpid_fetch_config {
    unsigned workers;            /* KPID_FETCH_WORKERS: threads (and database connections) */
    unsigned per_source;         /* KPID_FETCH_PER_SOURCE: fetches of one source at once */
    unsigned connect_timeout_ms; /* KPID_FETCH_CONNECT_TIMEOUT_MS */
    unsigned timeout_ms;         /* KPID_FETCH_TIMEOUT_MS: a whole request */
    unsigned retry_base_ms;      /* KPID_FETCH_RETRY_BASE_MS: the first retry's delay */
    unsigned retry_max_ms;       /* KPID_FETCH_RETRY_MAX_MS: the longest delay */
    unsigned give_up_s;          /* KPID_FETCH_GIVE_UP_SECONDS: since the delivery came */
    unsigned poll_ms;            /* KPID_FETCH_POLL_MS: how often an idle worker looks */
};

/* Reads the settings from the environment; -1 with a message in err on a bad value. */
int kpid_fetch_config_load(struct kpid_fetch_config *cfg, char *err, size_t err_size);

struct kpid_fetch_workers;

/* Starts the workers, each with a database connection of its own (opened lazily). NULL when
 * they cannot be started. */
struct kpid_fetch_workers *kpid_fetch_workers_start(const char *database_url,
                                                    const struct kpid_fetch_config *cfg);

/* Stops them: a fetch under way is abandoned (its event is due again at once), the event
 * being recorded is committed first; then frees them. */
void kpid_fetch_workers_stop(struct kpid_fetch_workers *workers);

#endif
