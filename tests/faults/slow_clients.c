/* Case d's slow clients: headers at 1 byte per second, a body at 1 byte per second, headers
 * that stop half-way. kpid must close each within its connection timeout (a few seconds
 * more for the byte-per-second ones), never answer 5xx. */
#include "faults.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SLOW_GIVE_UP (FAULT_CONN_TIMEOUT * 2 + 14.0) /* seconds a slow client may stay */

enum slow_kind { SLOW_HEADERS, SLOW_BODY, STALLED_HEADERS };

struct slow_client {
    enum slow_kind kind;
    const char *name;
    double closed_after; /* seconds until kpid closed the connection; -1: never */
    long status;         /* a status it answered before closing, or 0 */
};

/* Has the server closed (or answered)? Consumes what arrived. */
static bool server_done(int fd, long *status)
{
    char buf[512];
    ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
    if (n > 0) {
        buf[n] = '\0';
        if (*status == 0 && strncmp(buf, "HTTP/1.", 7) == 0)
            *status = strtol(buf + 9, NULL, 10);
        return false; /* an answer; the close follows */
    }
    return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* Sends its request as its kind says until kpid closes the connection or SLOW_GIVE_UP. */
static void *slow_client_run(void *arg)
{
    struct slow_client *s = arg;
    char request[600];
    int len = snprintf(request, sizeof request,
                       "POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                       "Content-Type: application/json\r\nContent-Length: 400\r\n%s",
                       fault_sys.admin_key,
                       s->kind == SLOW_BODY ? "\r\n" : "X-Padding: 0123456789012345678901234");
    s->closed_after = -1;
    int fd = raw_connect();
    if (fd < 0)
        return NULL;
    double start = fault_now();
    /* the body client sends its headers at once and the stalled one their first 20 bytes;
     * then the others go on at 1 byte per second, the stalled one sends nothing more */
    int sent = s->kind == SLOW_BODY ? len : s->kind == STALLED_HEADERS ? 20 : 0;
    if (sent > 0)
        send(fd, request, (size_t)sent, MSG_NOSIGNAL);
    while (fault_now() - start < SLOW_GIVE_UP) {
        if (s->kind != STALLED_HEADERS) {
            char byte = sent < len ? request[sent] : ' ';
            if (send(fd, &byte, 1, MSG_NOSIGNAL) != 1) {
                s->closed_after = fault_now() - start;
                break;
            }
            sent++;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        poll(&p, 1, 1000);
        if (server_done(fd, &s->status)) {
            s->closed_after = fault_now() - start;
            break;
        }
    }
    close(fd);
    return NULL;
}

static struct slow_client clients[] = {{SLOW_HEADERS, "headers at 1 byte/s", 0, 0},
                                       {SLOW_BODY, "body at 1 byte/s", 0, 0},
                                       {STALLED_HEADERS, "headers stalled", 0, 0}};
#define N_CLIENTS (sizeof clients / sizeof clients[0])
static pthread_t threads[N_CLIENTS];

void slow_clients_start(void)
{
    for (size_t i = 0; i < N_CLIENTS; i++)
        pthread_create(&threads[i], NULL, slow_client_run, &clients[i]);
}

void slow_clients_finish(void)
{
    for (size_t i = 0; i < N_CLIENTS; i++) {
        const struct slow_client *c = &clients[i];
        pthread_join(threads[i], NULL);
        fault_note("slow client, %s: closed after %.1f s%s", c->name, c->closed_after,
                   c->status ? " with an answer" : "");
        fault_check(c->closed_after >= 0,
                    "slow client, %s: still connected after %.0f s (connection timeout %d s)",
                    c->name, SLOW_GIVE_UP, FAULT_CONN_TIMEOUT);
        fault_check(c->status < 500, "slow client, %s: answered %ld", c->name, c->status);
    }
}
