/* kpid's own service metrics for Prometheus (not the KPI catalogue): counts requests by route
 * and status and keeps a latency histogram with atomic counters,
 * rendered on demand for GET /metrics. */
#include "kpid/http/service_metrics.h"

#include "kpid/store/db.h"
#include "kpid/http/router.h"
#include "kpid/ingest/shared_write.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enough for every route kpid has; a route beyond it is counted as unmatched. */
#define MAX_ROUTES 160
#define STATUS_SLOTS 600 /* indexed by status code, 100..599 */

static const double bucket_bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                       0.1,   0.25,   0.5,   1,    2.5,   5};
#define N_BUCKETS (sizeof bucket_bounds / sizeof bucket_bounds[0])

/* Sparse in practice; the counters are a few hundred KiB of zero pages until touched. */
static atomic_ullong requests[MAX_ROUTES + 1][STATUS_SLOTS];
static atomic_ullong buckets[N_BUCKETS + 1];
static atomic_ullong latency_sum_us;

static size_t route_index(const struct kpid_route *route)
{
    if (route == NULL)
        return MAX_ROUTES;
    size_t i = (size_t)(route - kpid_routes);
    return i < MAX_ROUTES ? i : MAX_ROUTES;
}

void kpid_service_metrics_record(const struct kpid_route *route, unsigned status, uint64_t micros)
{
    if (status >= STATUS_SLOTS)
        status = 0;
    atomic_fetch_add_explicit(&requests[route_index(route)][status], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < N_BUCKETS && (double)micros / 1e6 > bucket_bounds[b])
        b++;
    atomic_fetch_add_explicit(&buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_sum_us, micros, memory_order_relaxed);
}

struct text {
    char *buf;
    size_t len, cap;
};

static void appendf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void appendf(struct text *t, const char *fmt, ...)
{
    if (t->buf == NULL)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        char *bigger = realloc(t->buf, t->cap * 2 + (size_t)n);
        if (bigger == NULL) {
            free(t->buf);
            t->buf = NULL;
            return;
        }
        t->buf = bigger;
        t->cap = t->cap * 2 + (size_t)n;
    }
}

char *kpid_service_metrics_render(size_t *len)
{
    struct text t = {malloc(8192), 0, 8192};
    size_t nroutes = kpid_route_count();
    appendf(&t, "# HELP kpid_http_requests_total HTTP requests by route and status.\n"
                "# TYPE kpid_http_requests_total counter\n");
    for (size_t r = 0; r <= MAX_ROUTES; r++) {
        if (r >= nroutes && r != MAX_ROUTES)
            continue;
        for (unsigned s = 0; s < STATUS_SLOTS; s++) {
            unsigned long long n = atomic_load_explicit(&requests[r][s], memory_order_relaxed);
            if (n == 0)
                continue;
            if (r == MAX_ROUTES)
                appendf(&t, "kpid_http_requests_total{route=\"unmatched\",status=\"%u\"} %llu\n", s,
                        n);
            else
                appendf(&t,
                        "kpid_http_requests_total{method=\"%s\",route=\"%s\",status=\"%u\"} %llu\n",
                        kpid_routes[r].method, kpid_routes[r].pattern, s, n);
        }
    }
    appendf(&t, "# HELP kpid_http_request_duration_seconds Time from request start to reply.\n"
                "# TYPE kpid_http_request_duration_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (size_t b = 0; b <= N_BUCKETS; b++) {
        cumulative += atomic_load_explicit(&buckets[b], memory_order_relaxed);
        if (b < N_BUCKETS)
            appendf(&t, "kpid_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                    bucket_bounds[b], cumulative);
        else
            appendf(&t, "kpid_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                    cumulative);
    }
    appendf(&t, "kpid_http_request_duration_seconds_sum %.6f\n",
            (double)atomic_load(&latency_sum_us) / 1e6);
    appendf(&t, "kpid_http_request_duration_seconds_count %llu\n", cumulative);
    appendf(&t,
            "# HELP kpid_db_errors_total Database errors (outages and failed statements).\n"
            "# TYPE kpid_db_errors_total counter\n"
            "kpid_db_errors_total %llu\n",
            kpid_db_error_count());
    unsigned long long transactions, posts;
    kpid_ingest_shared_write_counts(&transactions, &posts);
    appendf(&t,
            "# HELP kpid_shared_write_transactions_total Transactions that wrote single POSTs of"
            " leads and deals (shared by the concurrent POSTs of a workspace).\n"
            "# TYPE kpid_shared_write_transactions_total counter\n"
            "kpid_shared_write_transactions_total %llu\n"
            "# HELP kpid_shared_write_posts_total Single POSTs those transactions carried.\n"
            "# TYPE kpid_shared_write_posts_total counter\n"
            "kpid_shared_write_posts_total %llu\n",
            transactions, posts);
    *len = t.len;
    return t.buf;
}
