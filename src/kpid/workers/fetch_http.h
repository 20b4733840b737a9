/* One outbound GET of fetch-back through libcurl, with kpid's limits on it. */
#ifndef KPID_WORKERS_FETCH_HTTP_H
#define KPID_WORKERS_FETCH_HTTP_H

#include <curl/curl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* The limits every fetch runs under (KPID_FETCH_* settings). */
struct kpid_fetch_limits {
    long connect_timeout_ms;
    long timeout_ms;
    const atomic_bool *stop; /* a transfer under way is abandoned once *stop is true */
};

/* What a GET came to: an HTTP status (0 when no reply came, error says why), the body and
 * Retry-After in seconds (0 when absent). */
struct kpid_fetch_reply {
    long status;
    char *body; /* NUL-terminated; owned */
    size_t len;
    long retry_after_s;
    char error[CURL_ERROR_SIZE];
};

/*
 * GETs url with curl (an easy handle the calling thread keeps for connection reuse), over
 * https only unless allow_http, without following redirects, with "Authorization: Bearer
 * <token>" when token is not NULL. The body is capped at 4 MiB.
 */
void kpid_fetch_http_get(CURL *curl, const struct kpid_fetch_limits *limits, const char *url,
                         bool allow_http, const char *token, struct kpid_fetch_reply *reply);

void kpid_fetch_reply_clear(struct kpid_fetch_reply *reply);

#endif
