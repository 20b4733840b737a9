/* Request deadlines and admission. libmicrohttpd's connection timeout counts inactivity, so a
 * client sending one byte a second keeps a connection (and its thread) forever; a watchdog
 * thread shuts down connections whose request is still arriving when its deadline passes. The
 * connection's own thread then sees the socket closed and ends it normally. A new connection
 * has the short header timeout for its request line and headers; the body, and the next
 * request on a kept-alive connection, have the connection timeout. The same list counts the
 * open connections, so each is admitted or not (over kpid's limit) when it opens. */
#include "kpid/http/deadline.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct watch {
    MHD_socket fd;
    unsigned timeout_s;
    atomic_llong deadline; /* monotonic seconds; 0 while a request is being handled */
    bool admitted;         /* opened while at most `limit` connections were open */
    struct watch *prev, *next;
};

struct kpid_deadlines {
    unsigned header_timeout_s, timeout_s;
    unsigned limit, open;  /* connections admitted at most, open now (under lock) */
    unsigned long started; /* connections opened so far (under lock) */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct watch *watches;
    bool stop;
    pthread_t thread;
};

static long long now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec;
}

static void *watchdog(void *arg)
{
    struct kpid_deadlines *d = arg;
    pthread_mutex_lock(&d->lock);
    while (!d->stop) {
        long long now = now_s();
        for (struct watch *w = d->watches; w != NULL; w = w->next) {
            long long due = atomic_load(&w->deadline);
            if (due != 0 && now >= due) {
                atomic_store(&w->deadline, 0);
                shutdown(w->fd, SHUT_RDWR);
            }
        }
        struct timespec tick;
        clock_gettime(CLOCK_REALTIME, &tick);
        tick.tv_nsec += 250000000L;
        if (tick.tv_nsec >= 1000000000L) {
            tick.tv_sec++;
            tick.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&d->wake, &d->lock, &tick);
    }
    pthread_mutex_unlock(&d->lock);
    return NULL;
}

struct kpid_deadlines *kpid_deadlines_start(unsigned header_timeout_s, unsigned timeout_s,
                                            unsigned limit)
{
    struct kpid_deadlines *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    d->header_timeout_s = header_timeout_s;
    d->timeout_s = timeout_s;
    d->limit = limit;
    pthread_mutex_init(&d->lock, NULL);
    pthread_cond_init(&d->wake, NULL);
    if (pthread_create(&d->thread, NULL, watchdog, d) != 0) {
        pthread_mutex_destroy(&d->lock);
        pthread_cond_destroy(&d->wake);
        free(d);
        return NULL;
    }
    return d;
}

void kpid_deadlines_stop(struct kpid_deadlines *d)
{
    if (d == NULL)
        return;
    pthread_mutex_lock(&d->lock);
    d->stop = true;
    pthread_cond_signal(&d->wake);
    pthread_mutex_unlock(&d->lock);
    pthread_join(d->thread, NULL);
    pthread_mutex_destroy(&d->lock);
    pthread_cond_destroy(&d->wake);
    free(d);
}

static void watch_add(struct kpid_deadlines *d, struct watch *w)
{
    pthread_mutex_lock(&d->lock);
    d->started++;
    w->admitted = ++d->open <= d->limit;
    w->next = d->watches;
    if (w->next != NULL)
        w->next->prev = w;
    d->watches = w;
    pthread_mutex_unlock(&d->lock);
}

unsigned long kpid_deadlines_started(struct kpid_deadlines *d)
{
    pthread_mutex_lock(&d->lock);
    unsigned long n = d->started;
    pthread_mutex_unlock(&d->lock);
    return n;
}

static void watch_remove(struct kpid_deadlines *d, struct watch *w)
{
    pthread_mutex_lock(&d->lock); /* before libmicrohttpd closes the socket */
    d->open--;
    if (w->prev != NULL)
        w->prev->next = w->next;
    else
        d->watches = w->next;
    if (w->next != NULL)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&d->lock);
}

void kpid_deadlines_notify(void *cls, struct MHD_Connection *connection, void **socket_context,
                           enum MHD_ConnectionNotificationCode code)
{
    struct kpid_deadlines *d = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct watch *w = calloc(1, sizeof *w);
        if (w == NULL || info == NULL) {
            free(w); /* not watched, but counted as opened */
            pthread_mutex_lock(&d->lock);
            d->started++;
            pthread_mutex_unlock(&d->lock);
            return;
        }
        w->fd = info->connect_fd;
        w->timeout_s = d->timeout_s;
        atomic_store(&w->deadline, now_s() + d->header_timeout_s);
        watch_add(d, w);
        *socket_context = w;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context != NULL) {
        watch_remove(d, *socket_context);
        free(*socket_context);
        *socket_context = NULL;
    }
}

static struct watch *watch_of(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info != NULL ? info->socket_context : NULL;
}

void kpid_deadlines_headers_received(struct MHD_Connection *connection)
{
    struct watch *w = watch_of(connection);
    if (w != NULL)
        atomic_store(&w->deadline, now_s() + w->timeout_s);
}

bool kpid_deadlines_admitted(struct MHD_Connection *connection)
{
    const struct watch *w = watch_of(connection);
    return w == NULL || w->admitted;
}

void kpid_deadlines_received(struct MHD_Connection *connection)
{
    struct watch *w = watch_of(connection);
    if (w != NULL)
        atomic_store(&w->deadline, 0);
}

void kpid_deadlines_rearm(struct MHD_Connection *connection)
{
    struct watch *w = watch_of(connection);
    if (w != NULL)
        atomic_store(&w->deadline, now_s() + w->timeout_s);
}
