/* HTTP clients for the fault suite: libcurl handles that keep their connection (one per
 * thread), and raw sockets for requests that libcurl will not send. */
#include "faults.h"

#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct http_client {
    CURL *curl;
};

struct http_client *http_client_new(void)
{
    struct http_client *c = calloc(1, sizeof *c);
    if (c != NULL)
        c->curl = curl_easy_init();
    if (c == NULL || c->curl == NULL) {
        fault_fail("cannot create a libcurl handle");
        free(c);
        return NULL;
    }
    return c;
}

void http_client_free(struct http_client *c)
{
    if (c == NULL)
        return;
    curl_easy_cleanup(c->curl);
    free(c);
}

static size_t on_body(char *data, size_t size, size_t n, void *userdata)
{
    struct http_reply *r = userdata;
    size_t len = size * n;
    char *grown = realloc(r->body, r->len + len + 1);
    if (grown == NULL)
        return 0;
    memcpy(grown + r->len, data, len);
    r->body = grown;
    r->len += len;
    r->body[r->len] = '\0';
    return len;
}

/* Copies the value of header line `line` into out when its name is `name`. */
static void header_value(const char *line, size_t len, const char *name, char *out, size_t size)
{
    size_t n = strlen(name);
    if (len <= n + 1 || strncasecmp(line, name, n) != 0 || line[n] != ':')
        return;
    const char *v = line + n + 1;
    const char *end = line + len;
    while (v < end && *v == ' ')
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    snprintf(out, size, "%.*s", (int)(end - v), v);
}

static size_t on_header(char *line, size_t size, size_t n, void *userdata)
{
    struct http_reply *r = userdata;
    size_t len = size * n;
    char replayed[8] = "";
    if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) { /* a new response (after a 100) */
        r->content_type[0] = r->retry_after[0] = '\0';
        r->replayed = false;
    }
    header_value(line, len, "Content-Type", r->content_type, sizeof r->content_type);
    header_value(line, len, "Retry-After", r->retry_after, sizeof r->retry_after);
    header_value(line, len, "Idempotency-Replayed", replayed, sizeof replayed);
    if (strcmp(replayed, "true") == 0)
        r->replayed = true;
    return len;
}

void http_send(struct http_client *c, const struct http_request *req, struct http_reply *out)
{
    memset(out, 0, sizeof *out);
    CURL *h = c->curl;
    curl_easy_reset(h);
    char url[4096], auth[256], ctype[256];
    snprintf(url, sizeof url, "%s%s", fault_sys.base_url, req->path);
    struct curl_slist *headers = NULL;
    if (req->key != NULL) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", req->key);
        headers = curl_slist_append(headers, auth);
    }
    if (req->content_type != NULL) {
        snprintf(ctype, sizeof ctype, "Content-Type: %s", req->content_type);
        headers = curl_slist_append(headers, ctype);
    } else if (req->body != NULL) {
        headers = curl_slist_append(headers, "Content-Type:"); /* none, not curl's default */
    }
    for (const char *const *h2 = req->headers; h2 != NULL && *h2 != NULL; h2++)
        headers = curl_slist_append(headers, *h2);
    headers = curl_slist_append(headers, "Expect:");

    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, out);
    if (strcmp(req->method, "HEAD") == 0)
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (req->body != NULL) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)(req->body_len ? req->body_len : strlen(req->body)));
    }
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(headers);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    } else {
        out->error = (int)rc;
        out->status = 0;
    }
    if (out->body == NULL)
        out->body = strdup("");
}

void http_call(const struct http_request *req, struct http_reply *out)
{
    struct http_client *c = http_client_new();
    if (c == NULL) {
        memset(out, 0, sizeof *out);
        out->body = strdup("");
        return;
    }
    http_send(c, req, out);
    http_client_free(c);
}

void http_reply_clear(struct http_reply *r)
{
    free(r->body);
    memset(r, 0, sizeof *r);
}

json_t *http_reply_json(const struct http_reply *r)
{
    return r->body ? json_loadb(r->body, r->len, 0, NULL) : NULL;
}

bool http_is_problem(const struct http_reply *r, long status)
{
    if (r->status != status || strncasecmp(r->content_type, "application/problem+json", 24) != 0)
        return false;
    json_t *doc = http_reply_json(r);
    bool ok = json_is_string(json_object_get(doc, "type")) &&
              json_is_string(json_object_get(doc, "title")) &&
              json_integer_value(json_object_get(doc, "status")) == status;
    json_decref(doc);
    return ok;
}

char *http_escape(const char *s)
{
    char *e = curl_easy_escape(NULL, s, 0);
    char *copy = strdup(e ? e : "");
    curl_free(e);
    return copy;
}

/* --- raw sockets -------------------------------------------------------------------------- */

int raw_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)fault_sys.port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

struct inbox {
    char *data;
    size_t len;
};

/* Whether `in` holds a whole response: headers and as much body as Content-Length says. */
static bool response_complete(const struct inbox *in)
{
    const char *end = in->data ? strstr(in->data, "\r\n\r\n") : NULL;
    if (end == NULL)
        return false;
    size_t head = (size_t)(end - in->data) + 4, body = 0;
    for (const char *l = strstr(in->data, "\r\n"); l != NULL && l < end; l = strstr(l + 2, "\r\n"))
        if (strncasecmp(l + 2, "Content-Length:", 15) == 0)
            body = strtoul(l + 17, NULL, 10);
    return in->len >= head + body;
}

/* Reads what is available; false when the connection closed or failed. */
static bool read_some(int fd, struct inbox *in)
{
    char chunk[4096];
    ssize_t n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return true;
    if (n <= 0)
        return false;
    char *grown = realloc(in->data, in->len + (size_t)n + 1);
    if (grown == NULL)
        return false;
    memcpy(grown + in->len, chunk, (size_t)n);
    in->data = grown;
    in->len += (size_t)n;
    in->data[in->len] = '\0';
    return true;
}

/* Sends bytes while watching for an answer; stops early when one arrives or the peer goes. */
static bool send_watching(int fd, const char *p, size_t len, double deadline)
{
    while (len > 0 && fault_now() < deadline) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN | POLLOUT};
        if (poll(&pfd, 1, 100) <= 0)
            continue;
        if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
            return false; /* the server answered (or closed) before taking everything */
        ssize_t n = send(fd, p, len > 65536 ? 65536 : len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return len == 0;
}

long raw_exchange(const void *head, size_t head_len, const void *body, size_t body_len,
                  double timeout_s, char **reply)
{
    struct inbox in = {0};
    double deadline = fault_now() + timeout_s;
    int fd = raw_connect();
    if (fd < 0) {
        if (reply)
            *reply = strdup("");
        return 0;
    }
    bool open = send_watching(fd, head, head_len, deadline);
    if (open && body != NULL && body_len > 0) {
        /* before a large body, give an answer decided on the headers (413) time to come, as a
         * client sending Expect: 100-continue would */
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (body_len < 65536 || poll(&pfd, 1, 300) == 0)
            send_watching(fd, body, body_len, deadline);
    }
    bool timed_out = true;
    while (fault_now() < deadline) {
        if (response_complete(&in)) {
            timed_out = false;
            break;
        }
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 50) > 0 && !read_some(fd, &in)) {
            timed_out = false;
            break;
        }
    }
    close(fd);
    long status = 0;
    if (in.len >= 12 && strncmp(in.data, "HTTP/1.", 7) == 0)
        status = strtol(in.data + 9, NULL, 10);
    else if (timed_out)
        status = -1;
    if (reply != NULL)
        *reply = in.data ? in.data : strdup("");
    else
        free(in.data);
    return status;
}
