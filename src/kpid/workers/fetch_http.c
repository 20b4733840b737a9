/* A fetch-back GET: libcurl with connect and total timeouts, one scheme, no redirects (a
 * redirect could lead anywhere), a body cap, and an abort when kpid stops. */
#include "kpid/workers/fetch_http.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BODY_MAX (4u << 20)

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
    struct kpid_fetch_reply *r = arg;
    size_t add = size * n;
    if (r->len + add > BODY_MAX)
        return 0; /* curl fails the transfer with CURLE_WRITE_ERROR */
    char *grown = realloc(r->body, r->len + add + 1);
    if (grown == NULL)
        return 0;
    memcpy(grown + r->len, data, add);
    r->body = grown;
    r->len += add;
    r->body[r->len] = '\0';
    return add;
}

static int progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                    curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    const struct kpid_fetch_limits *limits = arg;
    return atomic_load(limits->stop) ? 1 : 0;
}

void kpid_fetch_http_get(CURL *curl, const struct kpid_fetch_limits *limits, const char *url,
                         bool allow_http, const char *token, struct kpid_fetch_reply *reply)
{
    memset(reply, 0, sizeof *reply);
    struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
    char *auth = NULL;
    if (token != NULL) {
        size_t n = strlen(token) + 32;
        auth = malloc(n);
        if (auth != NULL) {
            snprintf(auth, n, "Authorization: Bearer %s", token);
            headers = curl_slist_append(headers, auth);
        }
    }
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, allow_http ? "http,https" : "https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, limits->connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, limits->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "kpid-fetch");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, reply);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)(uintptr_t)limits);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, reply->error);
    CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply->status);
        curl_off_t retry_after = 0;
        if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
            retry_after > 0)
            reply->retry_after_s = retry_after > 86400 ? 86400 : (long)retry_after;
    } else if (reply->error[0] == '\0')
        snprintf(reply->error, sizeof reply->error, "%s", curl_easy_strerror(rc));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, NULL);
    curl_slist_free_all(headers);
    free(auth);
}

void kpid_fetch_reply_clear(struct kpid_fetch_reply *reply)
{
    free(reply->body);
    reply->body = NULL;
    reply->len = 0;
}
