/* kpid-copy-rate: the batch-ingest baseline of make bench - the same 1000 lead rows COPYed into
 * leads over N connections for S seconds, each COPY its own durable transaction.
 *
 *   kpid-copy-rate URL COLUMNS TEMPLATE CLIENTS SECONDS TAG
 *
 * TEMPLATE holds the rows in COPY text format; every "CAPTURE" in it is replaced with
 * TAG-client-n (n counts the client's COPYs), so that each COPY's natural keys are new, and
 * every "PHONE" with 8 digits of the client and n, so that phones differ as in kpid's run.
 * Prints one line: COPY copies=... rows=... duration_us=... p50_us=... p99_us=... failed=...
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CLIENTS 64
#define MAX_COPIES 100000 /* per client; far above what a bench run makes */
#define ID_TOKEN "CAPTURE"
#define PHONE_TOKEN "PHONE"

struct client {
    const char *url, *sql, *tag;
    const char *template;
    int index;
    double deadline;
    long copies, failed;
    double *latency_us;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Appends n bytes of s to buf (grown as needed). */
static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = 2 * (*len + n + 1);
        *buf = realloc(*buf, *cap);
        if (*buf == NULL) {
            fprintf(stderr, "kpid-copy-rate: out of memory\n");
            exit(1);
        }
    }
    memcpy(*buf + *len, s, n);
    *len += n;
}

/* The template with every ID token replaced by `id` and every PHONE token by `phone`. */
static size_t substitute(const char *t, const char *id, const char *phone, char **buf, size_t *cap)
{
    size_t len = 0;
    for (;;) {
        const char *a = strstr(t, ID_TOKEN), *b = strstr(t, PHONE_TOKEN);
        const char *hit = a == NULL || (b != NULL && b < a) ? b : a;
        if (hit == NULL) {
            append(buf, &len, cap, t, strlen(t));
            return len;
        }
        append(buf, &len, cap, t, (size_t)(hit - t));
        const char *with = hit == a ? id : phone;
        append(buf, &len, cap, with, strlen(with));
        t = hit + strlen(hit == a ? ID_TOKEN : PHONE_TOKEN);
    }
}

/* One COPY of `len` bytes in its own transaction; 0 or -1 (message on stderr). */
static int copy_once(PGconn *conn, const char *sql, const char *data, size_t len)
{
    PGresult *res = PQexec(conn, sql);
    int ok = PQresultStatus(res) == PGRES_COPY_IN;
    PQclear(res);
    if (ok)
        ok = PQputCopyData(conn, data, (int)len) == 1 && PQputCopyEnd(conn, NULL) == 1;
    while ((res = PQgetResult(conn)) != NULL) {
        ok = ok && PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
    }
    if (!ok)
        fprintf(stderr, "kpid-copy-rate: %s", PQerrorMessage(conn));
    return ok ? 0 : -1;
}

static void *client_run(void *arg)
{
    struct client *c = arg;
    char tag[96], phone[16], *buf = NULL;
    size_t cap = 0;
    PGconn *conn = PQconnectdb(c->url);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "kpid-copy-rate: %s", PQerrorMessage(conn));
        c->failed++;
    }
    while (c->failed == 0 && c->copies < MAX_COPIES && now_s() < c->deadline) {
        snprintf(tag, sizeof tag, "%s-%d-%ld", c->tag, c->index, c->copies + 1);
        snprintf(phone, sizeof phone, "7%d%06ld", c->index % 10, (c->copies + 1) % 1000000);
        size_t len = substitute(c->template, tag, phone, &buf, &cap);
        double t = now_s();
        if (copy_once(conn, c->sql, buf, len) != 0)
            c->failed++;
        else
            c->latency_us[c->copies++] = (now_s() - t) * 1e6;
    }
    free(buf);
    PQfinish(conn);
    return NULL;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 20, len = 0, n;
    char *s = malloc(cap + 1);
    while (s != NULL && (n = fread(s + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            char *bigger = realloc(s, cap + 1);
            if (bigger == NULL)
                free(s);
            s = bigger;
        }
    }
    fclose(f);
    if (s != NULL)
        s[len] = '\0';
    return s;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, long n, int p)
{
    if (n == 0)
        return 0;
    long i = (n * p + 99) / 100;
    return sorted[(i < 1 ? 1 : i) - 1];
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: kpid-copy-rate URL COLUMNS TEMPLATE CLIENTS SECONDS TAG\n");
        return 2;
    }
    int clients = atoi(argv[4]);
    double seconds = atof(argv[5]);
    char *template = read_all(argv[3]), sql[4096];
    if (clients < 1 || clients > MAX_CLIENTS || seconds <= 0 || template == NULL) {
        fprintf(stderr, "kpid-copy-rate: bad arguments or unreadable %s\n", argv[3]);
        return 2;
    }
    snprintf(sql, sizeof sql, "COPY leads (%s) FROM STDIN", argv[2]);
    long rows_per_copy = 0;
    for (const char *p = template; *p; p++)
        rows_per_copy += *p == '\n';

    struct client c[MAX_CLIENTS];
    pthread_t threads[MAX_CLIENTS];
    double start = now_s();
    for (int i = 0; i < clients; i++) {
        c[i] = (struct client){argv[1],  sql, argv[6],
                               template, i,   start + seconds,
                               0,        0,   calloc(MAX_COPIES, sizeof(double))};
        if (c[i].latency_us == NULL || pthread_create(&threads[i], NULL, client_run, &c[i]) != 0)
            return 1;
    }
    long copies = 0, failed = 0;
    double *all = malloc((size_t)clients * MAX_COPIES * sizeof(double));
    if (all == NULL)
        return 1;
    for (int i = 0; i < clients; i++) {
        pthread_join(threads[i], NULL);
        memcpy(all + copies, c[i].latency_us, (size_t)c[i].copies * sizeof(double));
        copies += c[i].copies;
        failed += c[i].failed;
        free(c[i].latency_us);
    }
    double duration_us = (now_s() - start) * 1e6;
    qsort(all, (size_t)copies, sizeof(double), by_value);
    printf("COPY copies=%ld rows=%ld duration_us=%.0f p50_us=%.0f p99_us=%.0f failed=%ld\n", copies,
           copies * rows_per_copy, duration_us, percentile(all, copies, 50),
           percentile(all, copies, 99), failed);
    free(all);
    free(template);
    return failed == 0 ? 0 : 1;
}
