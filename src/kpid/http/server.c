/* Runs libmicrohttpd thread-per-connection (database calls block, so each connection gets
 * its own thread) and drives each request through context, body cap and router. */
#include "kpid/http/server.h"

#include "kpid/http/deadline.h"
#include "kpid/http/service_metrics.h"
#include "kpid/http/request_internal.h"
#include "kpid/http/router.h"
#include "kpid/log.h"

#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum MHD_Result to_mhd(enum kpid_outcome rc)
{
    return rc == KPID_SYSERR ? MHD_NO : MHD_YES;
}

/* The request context of a request whose raw path decodes to a control character: set by
 * on_uri before libmicrohttpd decodes (and so truncates) the path, answered 400 on arrival. */
static char bad_path_mark;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *connection)
{
    (void)cls;
    (void)connection;
    return kpid_request_target_has_control(uri) ? &bad_path_mark : NULL;
}

/* The checks made once the request line and headers are in, before any body. */
static enum kpid_outcome first_checks(struct kpid_request *req, bool bad_path)
{
    if (!kpid_deadlines_admitted(req->connection)) {
        kpid_http_add_header(req, MHD_HTTP_HEADER_CONNECTION, "close");
        return kpid_http_problem(req, 503, "too-many-connections", NULL,
                                 "the server has too many open connections; retry after the "
                                 "Retry-After delay");
    }
    if (bad_path)
        return kpid_http_problem(req, 400, "bad-request", NULL,
                                 "the path holds a NUL or another control character");
    return kpid_request_check_headers(req);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct kpid_request *req = *con_cls;
    if (req == NULL || *con_cls == &bad_path_mark) {
        /* first call: headers only; a reply may be queued now or on the final call */
        kpid_deadlines_headers_received(connection);
        req = kpid_request_new(cls, connection, method, url);
        if (req == NULL)
            return MHD_NO;
        bool bad_path = *con_cls == &bad_path_mark;
        *con_cls = req;
        enum MHD_Result rc = to_mhd(first_checks(req, bad_path));
        if (req->status != 0)
            kpid_deadlines_received(connection); /* answered already: no deadline */
        return rc;
    }
    if (*upload_data_size > 0) {
        if (req->status == 0)
            kpid_request_append_body(req, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    kpid_deadlines_received(connection); /* the whole request is here */
    if (req->status != 0)
        return MHD_YES; /* answered on the first call */
    if (req->body_too_large)
        return to_mhd(kpid_http_problem(req, 413, "payload-too-large", NULL,
                                        "the body is over the limit of %zu bytes", req->body_max));
    return to_mhd(kpid_router_dispatch(req));
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    kpid_deadlines_rearm(connection); /* the next request must arrive in time too */
    struct kpid_request *req = *con_cls;
    *con_cls = NULL;
    if (req == NULL || (void *)req == (void *)&bad_path_mark)
        return; /* no request context: it ended before its headers were in */
    uint64_t us = kpid_request_elapsed_us(req);
    kpid_service_metrics_record(req->route, req->status, us);
    kpid_log_access(req->method, req->path, req->status, (unsigned long long)us, req->id);
    kpid_request_free(req);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    kpid_log(KPID_LOG_DEBUG, "http: %s", msg);
}

/* Splits "host:port" or "[v6]:port" and resolves it numerically. */
static struct addrinfo *resolve_listen(const char *listen)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (colon == NULL || colon == listen || colon[1] == '\0')
        return NULL;
    size_t hlen = (size_t)(colon - listen);
    if (listen[0] == '[' && colon[-1] == ']') {
        listen++;
        hlen -= 2;
    }
    if (hlen >= sizeof host)
        return NULL;
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *ai = NULL;
    if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
        return NULL;
    return ai;
}

/* libmicrohttpd closes connections past its limit without a word; keeping it above kpid's
 * own lets the first ones past kpid's be answered 503 instead. */
static unsigned int hard_connection_limit(unsigned limit)
{
    return limit + limit / 10 + 10;
}

int kpid_server_start(struct kpid_server *server)
{
    const struct kpid_config *cfg = server->config;
    struct addrinfo *ai = resolve_listen(cfg->listen);
    if (ai == NULL) {
        kpid_log(KPID_LOG_ERROR, "cannot use KPID_LISTEN=%s (want host:port)", cfg->listen);
        return -1;
    }
    server->deadlines = kpid_deadlines_start(cfg->header_timeout_s, cfg->connection_timeout_s,
                                             cfg->connection_limit);
    if (server->deadlines == NULL) {
        freeaddrinfo(ai);
        kpid_log(KPID_LOG_ERROR, "cannot start the request deadline thread");
        return -1;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    server->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, server, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)server, MHD_OPTION_NOTIFY_CONNECTION,
        kpid_deadlines_notify, (void *)server->deadlines, MHD_OPTION_URI_LOG_CALLBACK, on_uri,
        (void *)NULL, MHD_OPTION_CONNECTION_LIMIT, hard_connection_limit(cfg->connection_limit),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_address_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->connection_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_THREAD_STACK_SIZE,
        (size_t)(512 * 1024), MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, (void *)NULL, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (server->daemon == NULL) {
        kpid_deadlines_stop(server->deadlines);
        server->deadlines = NULL;
        kpid_log(KPID_LOG_ERROR, "cannot listen on %s (in use, or not a local address?)",
                 cfg->listen);
        return -1;
    }
    return 0;
}

static unsigned current_connections(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}

/*
 * Serves the connections the kernel already accepted into the listen backlog: closing the
 * listening socket would reset them, failing requests their clients already sent. They are
 * answered like any other (with Connection: close once the server is draining). Returns how
 * many libmicrohttpd took.
 */
static unsigned adopt_backlog(struct MHD_Daemon *daemon, MHD_socket listener)
{
    unsigned adopted = 0;
    int flags = fcntl(listener, F_GETFL);
    if (flags < 0 || fcntl(listener, F_SETFL, flags | O_NONBLOCK) < 0)
        return 0;
    for (;;) {
        struct sockaddr_storage addr;
        socklen_t len = sizeof addr;
        int fd = accept(listener, (struct sockaddr *)&addr, &len);
        if (fd < 0)
            return adopted;
        /* libmicrohttpd owns (and on failure closes) the socket from here on */
        if (MHD_add_connection(daemon, fd, (struct sockaddr *)&addr, len) == MHD_YES)
            adopted++;
    }
}

void kpid_server_stop(struct kpid_server *server, unsigned deadline_s)
{
    if (server->daemon == NULL)
        return;
    /*
     * The listener stops listening before any reply says Connection: close. A client told to
     * close reconnects at once; while the socket still listens that connection lands in the
     * backlog, and one arriving after adopt_backlog emptied it is reset when the socket goes,
     * its request sent and unanswered. Once it no longer listens the reconnect is refused
     * instead, and replies queued meanwhile keep their connection open, so the client's next
     * request on it is served (and told to close).
     */
    MHD_socket listener = MHD_quiesce_daemon(server->daemon);
    unsigned long started = kpid_deadlines_started(server->deadlines);
    unsigned adopted = 0;
    if (listener != MHD_INVALID_SOCKET) {
        adopted = adopt_backlog(server->daemon, listener);
        /* close() alone leaves the socket listening while libmicrohttpd's thread is still in
         * a poll() on it; shutdown() stops it listening at once */
        shutdown(listener, SHUT_RDWR);
        close(listener);
    }
    atomic_store(&server->draining, true);
    struct timespec start, now, pause = {0, 50 * 1000000L};
    clock_gettime(CLOCK_MONOTONIC, &start);
    do {
        /* adopted connections are counted only once libmicrohttpd's thread has taken them
         * in; MHD_stop_daemon would close one still queued without an answer */
        if (kpid_deadlines_started(server->deadlines) - started >= adopted &&
            current_connections(server->daemon) == 0)
            break;
        nanosleep(&pause, NULL);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (now.tv_sec - start.tv_sec < (time_t)deadline_s);
    MHD_stop_daemon(server->daemon);
    server->daemon = NULL;
    kpid_deadlines_stop(server->deadlines);
    server->deadlines = NULL;
}
