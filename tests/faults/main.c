/* Runs the fault suite: sets up PostgreSQL and kpid, runs each case, prints PASS/FAIL lines
 * and a final "N passed, M failed" line; exits non-zero when any case failed. */
#include "faults.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct fault_case {
    const char *id;
    const char *title;
    void (*run)(void);
};

static const struct fault_case cases[] = {
    {"a", "kill -9 during a 10,000-lead ingest: acknowledged leads stored once", case_crash},
    {"b", "database stopped mid-load: 503 + Retry-After, recovery, no lost write", case_db_outage},
    {"c", "the same lead and Idempotency-Key 50 times in parallel: one row", case_idempotency},
    {"d", "hostile input: 4xx or close, no 5xx, no crash, data unchanged, memory flat",
     case_hostile},
    {"e", "authentication and workspace isolation, webhook signatures", case_auth},
    {"f", "SIGTERM under load: in-flight requests complete, exit 0, no lost write", case_sigterm},
    {"g", "a write past lock_timeout: 503 + Retry-After, then the retry succeeds", case_contention},
    {"h", "one address floods idle connections: others served; past the limit: 503",
     case_slowloris},
    {"i", "a noisy workspace at its limits: another keeps its latency, no errors", case_noisy},
};
#define N_CASES (sizeof cases / sizeof cases[0])

/* The running case; failures may be reported from load threads. */
static const struct fault_case *current;
static atomic_uint failures;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

/* Failure messages beyond this many per case are counted, not printed. */
#define MAX_PRINTED_FAILURES 12

static void print_line(const char *kind, const char *fmt, va_list ap)
{
    pthread_mutex_lock(&print_lock);
    printf("    %s %s: ", current ? current->id : "-", kind);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
    pthread_mutex_unlock(&print_lock);
}

void fault_fail(const char *fmt, ...)
{
    if (atomic_fetch_add(&failures, 1) >= MAX_PRINTED_FAILURES)
        return;
    va_list ap;
    va_start(ap, fmt);
    print_line("FAILED CHECK", fmt, ap);
    va_end(ap);
}

void fault_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_line("note", fmt, ap);
    va_end(ap);
}

bool fault_failed(void)
{
    return atomic_load(&failures) > 0;
}

double fault_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void fault_sleep(double seconds)
{
    if (seconds <= 0)
        return;
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static bool selected(const char *id, int argc, char **argv)
{
    if (argc == 0)
        return true;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], id) == 0)
            return true;
    return false;
}

/* Runs one case against a running kpid; restarts kpid first if the previous case left it
 * stopped (or a failure killed it). */
static bool run_case(const struct fault_case *c)
{
    current = c;
    atomic_store(&failures, 0);
    double start = fault_now();
    if (!kpid_running() && !kpid_start())
        fault_fail("kpid could not be (re)started before the case");
    else
        c->run();
    unsigned n = atomic_load(&failures);
    if (n > MAX_PRINTED_FAILURES)
        printf("    %s: ... %u more failed checks\n", c->id, n - MAX_PRINTED_FAILURES);
    printf("%s %s  %s (%.1f s)\n", n == 0 ? "PASS" : "FAIL", c->id, c->title, fault_now() - start);
    if (n > 0)
        system_show_log(25);
    fflush(stdout);
    current = NULL;
    return n == 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s KPID_BINARY [CASE...]   (cases: a b c d e f g)\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double start = fault_now();
    if (!system_setup(argv[1])) {
        system_show_log(40);
        system_teardown();
        printf("0 passed, %zu failed\n", N_CASES);
        return 1;
    }
    unsigned passed = 0, failed = 0;
    for (size_t i = 0; i < N_CASES; i++) {
        if (!selected(cases[i].id, argc - 2, argv + 2))
            continue;
        if (run_case(&cases[i]))
            passed++;
        else
            failed++;
    }
    system_teardown();
    curl_global_cleanup();
    printf("fault suite took %.0f s\n", fault_now() - start);
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
