/* Case f: SIGTERM under ingest load. Requests already in flight (including ones whose body is
 * still arriving) complete with 2xx, new connections are refused soon after the signal, kpid
 * exits 0 within 10 s, and every acknowledged lead is stored. */
#include "faults.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define IN_FLIGHT 3
#define EXIT_LIMIT 10.0
#define REFUSE_LIMIT 1.0

/* A request whose headers and half of its body are sent before SIGTERM, the rest after. */
struct in_flight {
    int fd;
    char external_id[64];
    char *body;
    size_t half;
    long status;
};

static void begin_in_flight(struct in_flight *f, int i)
{
    snprintf(f->external_id, sizeof f->external_id, "faults-f-inflight-%d", i);
    f->body = lead_json("faults-f", f->external_id, NULL);
    size_t len = strlen(f->body);
    f->half = len / 2;
    char head[512];
    int n = snprintf(head, sizeof head,
                     "POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     fault_sys.admin_key, len);
    f->fd = raw_connect();
    f->status = 0;
    if (f->fd < 0 || send(f->fd, head, (size_t)n, MSG_NOSIGNAL) != n ||
        send(f->fd, f->body, f->half, MSG_NOSIGNAL) != (ssize_t)f->half)
        fault_fail("in-flight request %d could not be started: %s", i, strerror(errno));
}

static void finish_in_flight(struct in_flight *f)
{
    size_t rest = strlen(f->body) - f->half;
    if (f->fd >= 0 && send(f->fd, f->body + f->half, rest, MSG_NOSIGNAL) == (ssize_t)rest) {
        char reply[2048];
        size_t used = 0;
        ssize_t n;
        struct timeval timeout = {5, 0};
        setsockopt(f->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        while (used + 1 < sizeof reply &&
               (n = recv(f->fd, reply + used, sizeof reply - 1 - used, 0)) > 0)
            used += (size_t)n;
        reply[used] = '\0';
        if (strncmp(reply, "HTTP/1.", 7) == 0)
            f->status = strtol(reply + 9, NULL, 10);
    }
    if (f->fd >= 0)
        close(f->fd);
    free(f->body);
}

/* Probes with new connections every 10 ms until one is refused; returns when, or -1. */
static double first_refusal(double limit)
{
    for (double deadline = fault_now() + limit; fault_now() < deadline; fault_sleep(0.01)) {
        int fd = raw_connect();
        if (fd < 0 && errno == ECONNREFUSED)
            return fault_now();
        if (fd >= 0)
            close(fd);
    }
    return -1;
}

void case_sigterm(void)
{
    struct lead_load load;
    lead_load_init(&load, "faults-f", fault_sys.admin_key, 1000000, 6);
    lead_load_start(&load);
    struct in_flight flights[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++)
        begin_in_flight(&flights[i], i);
    fault_sleep(1.0);

    size_t acked_before = atomic_load(&load.acks);
    double term = fault_now();
    kpid_signal(SIGTERM);
    double refused = first_refusal(REFUSE_LIMIT + 1);
    for (int i = 0; i < IN_FLIGHT; i++)
        finish_in_flight(&flights[i]);
    int status = 0;
    bool exited = kpid_wait_exit(EXIT_LIMIT - (fault_now() - term), &status);
    double exit_time = fault_now() - term;
    lead_load_finish(&load, 0);
    if (!exited)
        kpid_kill();

    fault_note("%zu leads acknowledged before SIGTERM, %zu after; connections refused %.2f s"
               " after it; kpid exited after %.2f s",
               acked_before, (size_t)atomic_load(&load.acks) - acked_before,
               refused >= 0 ? refused - term : -1.0, exit_time);
    fault_check(refused >= 0 && refused - term <= REFUSE_LIMIT,
                "new connections were still accepted %.1f s after SIGTERM", REFUSE_LIMIT);
    fault_check(exited, "kpid did not exit within %.0f s of SIGTERM", EXIT_LIMIT);
    fault_check(!exited || (WIFEXITED(status) && WEXITSTATUS(status) == 0),
                "kpid ended with %s %d after SIGTERM", WIFEXITED(status) ? "status" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    for (int i = 0; i < IN_FLIGHT; i++) {
        fault_check(flights[i].status == 201 || flights[i].status == 200,
                    "in-flight request %d: status %ld, expected 201", i, flights[i].status);
        const char *params[] = {"faults-f", flights[i].external_id};
        fault_check(sql_long("SELECT count(*) FROM leads WHERE source = $1 AND external_id = $2", 2,
                             params) == 1,
                    "in-flight lead %d is not stored", i);
    }
    fault_check(atomic_load(&load.transport_errors) == 0, "%zu requests in flight got no response",
                (size_t)atomic_load(&load.transport_errors));
    fault_check(atomic_load(&load.other_5xx) == 0 && atomic_load(&load.bad_503) == 0 &&
                    atomic_load(&load.other) == 0,
                "unexpected replies during shutdown, e.g. %s", load.unexpected);
    lead_load_verify(&load);
    lead_load_free(&load);
}
