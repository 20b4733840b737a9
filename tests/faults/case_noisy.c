/* Case g: a noisy neighbour. One workspace floods kpid with expensive results requests and
 * writes, at and past its limits; another workspace's reads and writes must keep answering
 * 2xx with their latency within a generous bound. Figures are printed with fault_note. */
#include "faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOISY_KPIS 300      /* the noisy workspace's max_kpis: every one is in its results */
#define NOISY_READERS 40    /* concurrent results requests, as in the reported incident */
#define NOISY_WRITERS 4     /* posting leads and KPIs past max_kpis */
#define NOISY_RATE "50"     /* requests_per_second of each noisy key */
#define QUIET_CLIENTS 2     /* the quiet workspace: one reads, one writes */
#define ALONE_SECONDS 3.0   /* the quiet workspace measured alone */
#define NOISE_SECONDS 12.0  /* then during the noise */
#define P99_BOUND 1.5       /* seconds: the quiet p99 during the noise must stay under it */
#define RSS_BOUND_KIB 65536 /* kpid's memory during the noise */
#define MAX_SAMPLES 100000

/* Latencies of the quiet workspace's requests and its failures. */
struct samples {
    pthread_mutex_t lock;
    double *s;
    size_t n;
    atomic_size_t errors;
    char first_error[240];
};

static void sample_add(struct samples *x, double seconds)
{
    pthread_mutex_lock(&x->lock);
    if (x->n < MAX_SAMPLES)
        x->s[x->n++] = seconds;
    pthread_mutex_unlock(&x->lock);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile (0..1) of the samples in milliseconds; sorts them. */
static double quantile_ms(struct samples *x, double q)
{
    if (x->n == 0)
        return 0;
    qsort(x->s, x->n, sizeof x->s[0], by_value);
    size_t i = (size_t)(q * (double)(x->n - 1) + 0.5);
    return x->s[i] * 1000.0;
}

struct quiet {
    const char *key;
    bool writer;
    atomic_bool *stop;
    struct samples *samples;
    unsigned seq;
};

static char *quiet_lead(unsigned id, unsigned seq)
{
    char ext[48];
    snprintf(ext, sizeof ext, "quiet-%u-%u", id, seq);
    return lead_json("quiet", ext, NULL);
}

static void *quiet_loop(void *arg)
{
    struct quiet *q = arg;
    struct http_client *c = http_client_new();
    static atomic_uint next_id = 0;
    unsigned id = atomic_fetch_add(&next_id, 1);
    while (!atomic_load(q->stop)) {
        char *body = q->writer ? quiet_lead(id, q->seq++) : NULL;
        struct http_request req = {.method = q->writer ? "POST" : "GET",
                                   .path = q->writer ? "/v1/leads" : "/v1/leads?limit=1",
                                   .key = q->key,
                                   .content_type = body ? "application/json" : NULL,
                                   .body = body};
        struct http_reply r;
        double t0 = fault_now();
        http_send(c, &req, &r);
        sample_add(q->samples, fault_now() - t0);
        if (r.status < 200 || r.status >= 300) {
            if (atomic_fetch_add(&q->samples->errors, 1) == 0)
                snprintf(q->samples->first_error, sizeof q->samples->first_error,
                         "%s %s: status %ld %.160s", req.method, req.path, r.status,
                         r.body ? r.body : "");
        }
        http_reply_clear(&r);
        free(body);
        fault_sleep(0.005); /* a person's dashboard and a CRM's trickle, not a flood */
    }
    http_client_free(c);
    return NULL;
}

/* What the noisy workspace got back. */
struct noise_counts {
    atomic_size_t ok, limited_429, busy_503, limit_422, other, bad_refusal;
};

struct noisy {
    const char *key;
    bool writer;
    atomic_bool *stop;
    struct noise_counts *counts;
    unsigned n;
};

static void count_reply(struct noise_counts *k, const struct http_reply *r)
{
    if (r->status >= 200 && r->status < 300) {
        atomic_fetch_add(&k->ok, 1);
    } else if (r->status == 429 || r->status == 503) {
        atomic_fetch_add(r->status == 429 ? &k->limited_429 : &k->busy_503, 1);
        /* every refusal says when to come back */
        if (!http_is_problem(r, r->status) || r->retry_after[0] == '\0')
            atomic_fetch_add(&k->bad_refusal, 1);
    } else if (r->status == 422 && r->body && strstr(r->body, "limit-exceeded")) {
        atomic_fetch_add(&k->limit_422, 1);
    } else {
        atomic_fetch_add(&k->other, 1);
    }
}

static void *noisy_loop(void *arg)
{
    struct noisy *z = arg;
    struct http_client *c = http_client_new();
    while (!atomic_load(z->stop)) {
        char *body = NULL;
        const char *path = "/v1/periods/2025-01/results?live=true";
        if (z->writer && z->n % 2 == 0) {
            /* past max_kpis: every one is refused */
            body = text_printf("{\"code\":\"flood_%p_%u\",\"name\":\"x\",\"owner\":\"marketing\","
                               "\"metric\":\"cpl\",\"granularity\":\"month\"}",
                               (void *)z, z->n);
            path = "/v1/kpis";
        } else if (z->writer) {
            char ext[48];
            snprintf(ext, sizeof ext, "noisy-%p-%u", (void *)z, z->n);
            body = lead_json("noisy", ext, NULL);
            path = "/v1/leads";
        }
        z->n++;
        struct http_request req = {.method = body ? "POST" : "GET",
                                   .path = path,
                                   .key = z->key,
                                   .content_type = body ? "application/json" : NULL,
                                   .body = body};
        struct http_reply r;
        http_send(c, &req, &r);
        count_reply(z->counts, &r);
        /* a client that retries at once, ignoring Retry-After, after only a breath */
        if (r.status == 429 || r.status == 503)
            fault_sleep(0.002);
        http_reply_clear(&r);
        free(body);
    }
    http_client_free(c);
    return NULL;
}

/* Creates the noisy workspace's KPIs (up to its limit) and the period. */
static bool noisy_setup(const char *key)
{
    struct http_client *c = http_client_new();
    bool ok = true;
    for (int i = 0; i < NOISY_KPIS && ok; i++) {
        char *body = text_printf("{\"code\":\"k%d\",\"name\":\"KPI %d\",\"owner\":\"marketing\","
                                 "\"metric\":\"%s\",\"granularity\":\"month\"}",
                                 i, i,
                                 i % 3 == 0   ? "cpl"
                                 : i % 3 == 1 ? "leads"
                                              : "sql_share");
        struct http_reply r;
        http_send(
            c, &(struct http_request){"POST", "/v1/kpis", key, "application/json", body, 0, NULL},
            &r);
        ok =
            fault_check(r.status == 201, "creating KPI %d: status %ld %.200s", i, r.status, r.body);
        http_reply_clear(&r);
        free(body);
    }
    struct http_reply r;
    http_send(c, &(struct http_request){"PUT", "/v1/periods/2025-01", key, NULL, NULL, 0, NULL},
              &r);
    ok = ok && fault_check(r.status == 201 || r.status == 200, "PUT period: %ld", r.status);
    http_reply_clear(&r);
    http_client_free(c);
    return ok;
}

/* Runs the quiet clients for `seconds` (the noise, if any, already running); samples kpid's
 * memory meanwhile into *peak_kib. */
static void measure_quiet(const char *key, double seconds, struct samples *x, long *peak_kib)
{
    atomic_bool stop = false;
    struct quiet q[QUIET_CLIENTS];
    pthread_t t[QUIET_CLIENTS];
    for (int i = 0; i < QUIET_CLIENTS; i++) {
        q[i] = (struct quiet){key, i % 2 == 1, &stop, x, 0};
        pthread_create(&t[i], NULL, quiet_loop, &q[i]);
    }
    for (double end = fault_now() + seconds; fault_now() < end;) {
        fault_sleep(0.25);
        long rss = kpid_rss_kib();
        if (rss > *peak_kib)
            *peak_kib = rss;
    }
    atomic_store(&stop, true);
    for (int i = 0; i < QUIET_CLIENTS; i++)
        pthread_join(t[i], NULL);
}

static void samples_init(struct samples *x)
{
    memset(x, 0, sizeof *x);
    pthread_mutex_init(&x->lock, NULL);
    x->s = calloc(MAX_SAMPLES, sizeof x->s[0]);
}

static void samples_free(struct samples *x)
{
    pthread_mutex_destroy(&x->lock);
    free(x->s);
}

void case_noisy(void)
{
    char *noisy_key = kpid_cli_key("noisy", "admin");
    char *quiet_key = kpid_cli_key("quiet", "admin");
    char max_kpis[16];
    snprintf(max_kpis, sizeof max_kpis, "%d", NOISY_KPIS);
    struct samples alone, noise;
    samples_init(&alone);
    samples_init(&noise);
    /* the rate last: the setup itself sends NOISY_KPIS requests at once */
    if (noisy_key == NULL || quiet_key == NULL ||
        !kpid_cli_limits("noisy", "--max-kpis", max_kpis) || !noisy_setup(noisy_key) ||
        !kpid_cli_limits("noisy", "--requests-per-second", NOISY_RATE))
        goto cleanup;

    long peak_alone = 0, peak_noise = 0;
    measure_quiet(quiet_key, ALONE_SECONDS, &alone, &peak_alone);

    atomic_bool stop = false;
    struct noise_counts counts = {0};
    struct noisy z[NOISY_READERS + NOISY_WRITERS];
    pthread_t t[NOISY_READERS + NOISY_WRITERS];
    for (int i = 0; i < NOISY_READERS + NOISY_WRITERS; i++) {
        z[i] = (struct noisy){noisy_key, i >= NOISY_READERS, &stop, &counts, 0};
        pthread_create(&t[i], NULL, noisy_loop, &z[i]);
    }
    fault_sleep(1.0); /* let the noise build up */
    measure_quiet(quiet_key, NOISE_SECONDS, &noise, &peak_noise);
    atomic_store(&stop, true);
    for (int i = 0; i < NOISY_READERS + NOISY_WRITERS; i++)
        pthread_join(t[i], NULL);

    size_t n_alone = alone.n, n_noise = noise.n;
    double p50a = quantile_ms(&alone, 0.5), p99a = quantile_ms(&alone, 0.99);
    double p50n = quantile_ms(&noise, 0.5), p99n = quantile_ms(&noise, 0.99);
    double maxn = quantile_ms(&noise, 1.0);
    fault_note("quiet alone: %zu requests, p50 %.1f ms, p99 %.1f ms", n_alone, p50a, p99a);
    fault_note("quiet during the noise: %zu requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
               "%zu errors",
               n_noise, p50n, p99n, maxn, atomic_load(&noise.errors));
    fault_note("noisy: %zu 2xx, %zu 429, %zu 503, %zu 422 limit-exceeded, %zu other",
               atomic_load(&counts.ok), atomic_load(&counts.limited_429),
               atomic_load(&counts.busy_503), atomic_load(&counts.limit_422),
               atomic_load(&counts.other));
    fault_note("kpid RSS peak: %ld KiB alone, %ld KiB during the noise", peak_alone, peak_noise);

    fault_check(atomic_load(&alone.errors) == 0, "the quiet workspace failed alone: %s",
                alone.first_error);
    fault_check(atomic_load(&noise.errors) == 0,
                "the quiet workspace got %zu errors during the noise, first: %s",
                atomic_load(&noise.errors), noise.first_error);
    fault_check(n_noise > 0 && p99n <= P99_BOUND * 1000.0,
                "the quiet workspace's p99 during the noise is %.1f ms (bound %.0f ms)", p99n,
                P99_BOUND * 1000.0);
    fault_check(atomic_load(&counts.limited_429) > 0,
                "the noisy workspace was never refused 429: its key's rate did not apply");
    fault_check(atomic_load(&counts.limit_422) > 0, "no KPI create past max_kpis was refused");
    fault_check(atomic_load(&counts.other) == 0 && atomic_load(&counts.bad_refusal) == 0,
                "the noisy workspace got %zu unexpected answers and %zu 429/503 without "
                "problem+json and Retry-After",
                atomic_load(&counts.other), atomic_load(&counts.bad_refusal));
    fault_check(peak_noise > 0 && peak_noise < RSS_BOUND_KIB, "kpid's RSS peaked at %ld KiB",
                peak_noise);
cleanup:
    samples_free(&alone);
    samples_free(&noise);
    free(noisy_key);
    free(quiet_key);
}
