/* Case g: one client address holds as many idle connections as it can (up to 2000 for 15 s,
 * reconnecting whenever kpid closes one) while another address keeps reading: kpid's
 * per-address cap and header timeout must keep the second one served. Then, with a low
 * KPID_MAX_CONNECTIONS, a connection past it must get 503 + Retry-After + Connection: close. */
#include "faults.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ATTACKER "127.0.0.2" /* the client sockets' source; the readers use 127.0.0.1 */
#define ATTACK_SOCKETS 2000
#define ATTACK_SECONDS 15.0
#define OPENS_PER_ROUND 200 /* reconnects are paced: at most this many per 20 ms */
#define MAX_SAMPLES 4096
#define LOW_LIMIT 20 /* KPID_MAX_CONNECTIONS for the 503 check */

/* A non-blocking socket connecting from ATTACKER to kpid, or -1. */
static int open_from_attacker(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in from = {.sin_family = AF_INET};
    struct sockaddr_in to = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)fault_sys.port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    inet_pton(AF_INET, ATTACKER, &from.sin_addr);
    if (bind(fd, (struct sockaddr *)&from, sizeof from) != 0 ||
        (connect(fd, (struct sockaddr *)&to, sizeof to) != 0 && errno != EINPROGRESS)) {
        close(fd);
        return -1;
    }
    return fd;
}

struct attack {
    atomic_bool stop;
    struct pollfd fds[ATTACK_SOCKETS];
    size_t opened, closed, most_open;
};

/* Opens sockets into the free slots, at most OPENS_PER_ROUND; returns how many are open. */
static size_t attack_fill(struct attack *a)
{
    size_t open = 0, budget = OPENS_PER_ROUND;
    for (size_t i = 0; i < ATTACK_SOCKETS; i++) {
        if (a->fds[i].fd < 0 && budget > 0) {
            budget--;
            a->fds[i] = (struct pollfd){.fd = open_from_attacker(), .events = POLLIN};
            a->opened += a->fds[i].fd >= 0;
        }
        open += a->fds[i].fd >= 0;
    }
    return open;
}

/* Closes the sockets kpid closed (or refused), freeing their slots. */
static void attack_reap(struct attack *a)
{
    for (size_t i = 0; i < ATTACK_SOCKETS; i++) {
        if (a->fds[i].fd < 0 || a->fds[i].revents == 0)
            continue;
        char buf[256];
        ssize_t n = recv(a->fds[i].fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            close(a->fds[i].fd);
            a->fds[i].fd = -1;
            a->closed++;
        }
    }
}

static void *attack_run(void *arg)
{
    struct attack *a = arg;
    for (size_t i = 0; i < ATTACK_SOCKETS; i++)
        a->fds[i].fd = -1;
    while (!atomic_load(&a->stop)) {
        double round = fault_now();
        size_t open = attack_fill(a);
        if (open > a->most_open)
            a->most_open = open;
        if (poll(a->fds, ATTACK_SOCKETS, 100) > 0)
            attack_reap(a);
        fault_sleep(0.02 - (fault_now() - round));
    }
    for (size_t i = 0; i < ATTACK_SOCKETS; i++)
        if (a->fds[i].fd >= 0)
            close(a->fds[i].fd);
    return NULL;
}

/* One reader: the same request on fresh connections until stopped, every latency kept. */
struct reader {
    const char *path;
    const char *key;
    atomic_bool *stop;
    size_t ok, failed, n;
    long first_failure; /* its status (0: no response) */
    double latency[MAX_SAMPLES];
};

static void *reader_run(void *arg)
{
    struct reader *r = arg;
    while (!atomic_load(r->stop) && r->n < MAX_SAMPLES) {
        struct http_reply reply;
        double start = fault_now();
        http_call(&(struct http_request){.method = "GET", .path = r->path, .key = r->key}, &reply);
        r->latency[r->n++] = fault_now() - start;
        if (reply.status == 200) {
            r->ok++;
        } else if (r->failed++ == 0) {
            r->first_failure = reply.status;
        }
        http_reply_clear(&reply);
        fault_sleep(0.05);
    }
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Prints the reader's figures and checks every request succeeded. */
static void reader_report(struct reader *r)
{
    qsort(r->latency, r->n, sizeof r->latency[0], by_value);
    double p50 = r->n ? r->latency[r->n / 2] : 0, p99 = r->n ? r->latency[r->n * 99 / 100] : 0;
    fault_note("127.0.0.1 GET %s: %zu ok, %zu failed, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
               r->path, r->ok, r->failed, p50 * 1e3, p99 * 1e3,
               r->n ? r->latency[r->n - 1] * 1e3 : 0);
    fault_check(r->n >= 20, "GET %s: only %zu requests in %.0f s", r->path, r->n, ATTACK_SECONDS);
    fault_check(r->failed == 0, "GET %s: %zu of %zu failed (first: status %ld)", r->path, r->failed,
                r->n, r->first_failure);
}

/* Restarts kpid with these KPID_CONNECTION_TIMEOUT and KPID_MAX_CONNECTIONS (NULL: kpid's
 * defaults). */
static bool restart_kpid(const char *timeout, const char *max_connections)
{
    kpid_kill();
    if (timeout != NULL)
        setenv("KPID_CONNECTION_TIMEOUT", timeout, 1);
    else
        unsetenv("KPID_CONNECTION_TIMEOUT");
    if (max_connections != NULL)
        setenv("KPID_MAX_CONNECTIONS", max_connections, 1);
    else
        unsetenv("KPID_MAX_CONNECTIONS");
    return fault_check(kpid_start(), "kpid did not restart");
}

/* kpid as shipped (30 s connection timeout, 5 s header timeout, 64 per address, 1000 in all)
 * under one address's flood of idle connections. */
static void flood_one_address(void)
{
    static struct attack attack;
    static struct reader readers[2];
    memset(&attack, 0, sizeof attack);
    memset(readers, 0, sizeof readers);
    atomic_bool stop = false;
    readers[0] = (struct reader){.path = "/healthz", .stop = &stop};
    readers[1] =
        (struct reader){.path = "/v1/api-keys?limit=1", .key = fault_sys.admin_key, .stop = &stop};
    pthread_t attacker, reading[2];
    pthread_create(&attacker, NULL, attack_run, &attack);
    fault_sleep(1); /* let the flood build up first */
    for (size_t i = 0; i < 2; i++)
        pthread_create(&reading[i], NULL, reader_run, &readers[i]);
    fault_sleep(ATTACK_SECONDS - 1);
    atomic_store(&stop, true);
    for (size_t i = 0; i < 2; i++)
        pthread_join(reading[i], NULL);
    atomic_store(&attack.stop, true);
    pthread_join(attacker, NULL);
    fault_note("%s: %zu connections opened, %zu closed by kpid, at most %zu open at once", ATTACKER,
               attack.opened, attack.closed, attack.most_open);
    for (size_t i = 0; i < 2; i++)
        reader_report(&readers[i]);
    fault_check(kpid_running(), "kpid died under the flood");
}

/* A connection from ATTACKER, once established (in kpid's listen queue), or -1. */
static int held_connection(void)
{
    int fd = open_from_attacker();
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    if (fd < 0 || poll(&p, 1, 2000) != 1) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* LOW_LIMIT idle connections open: the next connection's request is answered 503. */
static void over_the_limit_is_answered(void)
{
    int held[LOW_LIMIT];
    size_t n = 0;
    while (n < LOW_LIMIT && (held[n] = held_connection()) >= 0)
        n++;
    fault_sleep(0.3); /* kpid has accepted them all */
    static const char request[] = "GET /healthz HTTP/1.1\r\nHost: kpid\r\n\r\n";
    char *reply = NULL;
    long status = raw_exchange(request, sizeof request - 1, NULL, 0, 5, &reply);
    fault_note("with %zu idle connections open and KPID_MAX_CONNECTIONS=%d: status %ld", n,
               LOW_LIMIT, status);
    fault_check(n == LOW_LIMIT, "only %zu idle connections could be opened", n);
    fault_check(status == 503 && reply && strstr(reply, "application/problem+json") &&
                    strstr(reply, "Retry-After:") && strstr(reply, "Connection: close"),
                "past the limit: expected 503 problem+json, Retry-After, Connection: close, got "
                "%ld: %.300s",
                status, reply ? reply : "");
    free(reply);
    for (size_t i = 0; i < n; i++)
        close(held[i]);
    for (double start = fault_now(); fault_now() - start < 3 && status != 200;) {
        fault_sleep(0.1);
        status = raw_exchange(request, sizeof request - 1, NULL, 0, 5, NULL);
    }
    fault_check(status == 200, "once the idle connections closed: status %ld, expected 200",
                status);
}

void case_slowloris(void)
{
    if (restart_kpid(NULL, NULL))
        flood_one_address();
    char limit[16], timeout[16];
    snprintf(limit, sizeof limit, "%d", LOW_LIMIT);
    snprintf(timeout, sizeof timeout, "%d", FAULT_CONN_TIMEOUT);
    if (restart_kpid(timeout, limit))
        over_the_limit_is_answered();
    restart_kpid(timeout, NULL); /* as the other cases expect it */
}
