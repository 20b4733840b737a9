/* The HTTP server: libmicrohttpd in thread-per-connection mode around kpid's router. */
#ifndef KPID_HTTP_SERVER_H
#define KPID_HTTP_SERVER_H

#include "kpid/config.h"

#include <stdatomic.h>
#include <stdbool.h>

struct kpid_db_pool;
struct kpid_deadlines;
struct MHD_Daemon;

struct kpid_server {
    const struct kpid_config *config;
    struct kpid_db_pool *pool;
    struct kpid_db_pool *read_pool; /* KPID_DATABASE_READ_URL's, falling back to pool; or NULL */
    struct MHD_Daemon *daemon;
    struct kpid_deadlines *deadlines; /* closes connections whose request arrives too slowly */
    atomic_bool draining; /* set on SIGTERM: /readyz turns 503, replies close the connection */
    struct kpid_results_refresh *refresh; /* where reads ask for stored results; NULL: none */
};

/* Starts serving on config->listen; returns 0, or -1 with a message logged. */
int kpid_server_start(struct kpid_server *server);

/* Graceful stop: stop accepting, let requests in flight finish (up to deadline_s), close. */
void kpid_server_stop(struct kpid_server *server, unsigned deadline_s);

#endif
