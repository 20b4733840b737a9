/* The API tests' client: libcurl requests logged for the OpenAPI check, raw sockets, CLI, SQL. */
#include "client.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netdb.h>
#include <poll.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { API_MAX_SQL_PARAMS = 16, API_ERR_SIZE = 1024 };

/* --- small utilities ------------------------------------------------------------------------ */

/* A growable byte buffer that is always NUL-terminated. */
struct buf {
    char *data;
    size_t len;
    size_t cap;
};

static void buf_append(struct buf *b, const void *bytes, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *data = realloc(b->data, cap);
        ck_assert_msg(data != NULL, "out of memory");
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Hands the buffer's text to the caller: an empty string when nothing was appended. */
static char *buf_steal(struct buf *b)
{
    if (b->data == NULL)
        buf_append(b, "", 0);
    char *data = b->data;
    *b = (struct buf){0};
    return data;
}

static char *xstrdup(const char *s)
{
    char *copy = strdup(s);
    ck_assert_msg(copy != NULL, "out of memory");
    return copy;
}

static const char *env_required(const char *name)
{
    const char *value = getenv(name);
    if (value == NULL || *value == '\0')
        ck_abort_msg("%s is not set: run the API tests through tests/api/run.sh", name);
    return value;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_seconds(double seconds)
{
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Whether a Content-Type value names `media_type`, ignoring parameters and case. */
static bool media_type_matches(const char *content_type, const char *media_type)
{
    if (content_type == NULL)
        return false;
    size_t n = strcspn(content_type, "; \t");
    return n == strlen(media_type) && strncasecmp(content_type, media_type, n) == 0;
}

/* application/json, application/problem+json, application/merge-patch+json, ... */
static bool media_type_is_json(const char *content_type)
{
    if (content_type == NULL)
        return false;
    size_t n = strcspn(content_type, "; \t");
    return (n >= 4 && strncasecmp(content_type + n - 4, "json", 4) == 0);
}

/* --- the response log ----------------------------------------------------------------------- */

/* The body as the log records it: parsed JSON, null when empty, else the text. */
static json_t *log_body(const struct api_response *resp)
{
    if (resp->json != NULL)
        return json_incref(resp->json);
    if (resp->len == 0)
        return json_null();
    json_t *text = json_stringn(resp->body, resp->len);
    return text ? text : json_sprintf("<%zu bytes, not UTF-8>", resp->len);
}

/*
 * Appends one JSON line per response to KPID_TEST_RESPONSE_LOG for validate-responses.mjs. One
 * write() on an O_APPEND descriptor keeps lines whole when forked tests or threads log at once.
 */
static void log_response(const struct api_response *resp)
{
    const char *log_path = getenv("KPID_TEST_RESPONSE_LOG");
    if (log_path == NULL || *log_path == '\0')
        return;
    const char *request_id = api_header(resp, "X-Request-Id");
    json_t *entry =
        json_pack("{s:s, s:s%, s:i, s:s?, s:s?, s:o}", "method", resp->method, "path", resp->path,
                  strcspn(resp->path, "?"), "status", (json_int_t)resp->status, "content_type",
                  resp->content_type, "request_id", request_id, "body", log_body(resp));
    ck_assert_msg(entry != NULL, "cannot build the response log entry");
    char *line = json_dumps(entry, JSON_COMPACT);
    json_decref(entry);
    ck_assert_msg(line != NULL, "cannot serialise the response log entry");
    size_t len = strlen(line);
    line[len] = '\n'; /* replaces the NUL; the length is known */
    int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    ck_assert_msg(fd >= 0, "cannot open %s: %s", log_path, strerror(errno));
    ssize_t written = write(fd, line, len + 1);
    int saved_errno = errno;
    close(fd);
    free(line);
    ck_assert_msg(written == (ssize_t)(len + 1), "cannot append to %s: %s", log_path,
                  strerror(saved_errno));
}

/* --- HTTP through libcurl ------------------------------------------------------------------- */

void api_client_init(void)
{
    if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK) {
        fprintf(stderr, "api tests: curl_global_init failed\n");
        exit(EXIT_FAILURE);
    }
}

void api_client_cleanup(void)
{
    curl_global_cleanup();
}

const char *api_admin_key(void)
{
    return env_required("KPID_TEST_ADMIN_KEY");
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    buf_append(userdata, data, size * nmemb);
    return size * nmemb;
}

/* Keeps only the last response's header block: a 100 Continue comes before the real one. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct buf *headers = userdata;
    size_t n = size * nmemb;
    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0)
        headers->len = 0;
    buf_append(headers, data, n);
    return n;
}

/* The unsent rest of a chunked body; libcurl asks for it piece by piece. */
struct upload {
    const char *next;
    size_t left;
};

static size_t on_read(char *dest, size_t size, size_t nmemb, void *userdata)
{
    struct upload *up = userdata;
    size_t n = size * nmemb;
    if (n > up->left)
        n = up->left;
    if (n > 64 * 1024)
        n = 64 * 1024; /* several chunks, as a streaming client sends them */
    memcpy(dest, up->next, n);
    up->next += n;
    up->left -= n;
    return n;
}

/* Splits the raw header block ("HTTP/1.1 200 OK\r\nName: value\r\n...") into fields. */
static void parse_header_fields(struct api_response *resp)
{
    size_t cap = 0;
    char *line = resp->headers;
    while (*line != '\0') {
        size_t len = strcspn(line, "\r\n");
        const char *colon = memchr(line, ':', len);
        if (colon != NULL && strncmp(line, "HTTP/", 5) != 0) {
            if (resp->nfields == cap) {
                cap = cap ? cap * 2 : 16;
                resp->fields = realloc(resp->fields, cap * sizeof *resp->fields);
                ck_assert_msg(resp->fields != NULL, "out of memory");
            }
            const char *value = colon + 1;
            const char *end = line + len;
            while (value < end && (*value == ' ' || *value == '\t'))
                value++;
            while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
                end--;
            resp->fields[resp->nfields++] = (struct api_header_field){
                strndup(line, (size_t)(colon - line)), strndup(value, (size_t)(end - value))};
        }
        line += len;
        line += strspn(line, "\r\n");
    }
}

static struct curl_slist *add_header(struct curl_slist *list, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ck_assert_msg(n >= 0 && (size_t)n < sizeof line, "request header too long: %.80s", line);
    struct curl_slist *grown = curl_slist_append(list, line);
    ck_assert_msg(grown != NULL, "out of memory");
    return grown;
}

static struct curl_slist *request_headers(const struct api_call *call)
{
    struct curl_slist *list = NULL;
    if (call->key != NULL)
        list = add_header(list, "Authorization: Bearer %s", call->key);
    if (call->content_type != NULL)
        list = add_header(list, "Content-Type: %s", call->content_type);
    else if (call->body != NULL)
        list = add_header(list, "Content-Type:"); /* no libcurl default form type */
    if (call->chunked)
        list = add_header(list, "Transfer-Encoding: chunked");
    for (const char *const *h = call->headers; h != NULL && *h != NULL; h++)
        list = add_header(list, "%s", *h);
    return list;
}

struct api_response *api_send(const struct api_call *call)
{
    const char *base = env_required("KPID_TEST_URL");
    size_t url_len = strlen(base) + strlen(call->path) + 1;
    char *url = malloc(url_len);
    ck_assert_msg(url != NULL, "out of memory");
    snprintf(url, url_len, "%s%s", base, call->path);

    CURL *curl = curl_easy_init();
    ck_assert_msg(curl != NULL, "curl_easy_init failed");
    struct curl_slist *headers = request_headers(call);
    struct buf body = {0}, head = {0};
    struct upload up = {call->body, 0};
    if (call->body != NULL)
        up.left = call->body_len ? call->body_len : strlen(call->body);

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &head);
    if (call->chunked) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    } else if (call->body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call->body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)up.left);
    }
    if (strcmp(call->method, "HEAD") == 0)
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    else
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call->method);

    char error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    CURLcode rc = curl_easy_perform(curl);
    struct api_response *resp = calloc(1, sizeof *resp);
    ck_assert_msg(resp != NULL, "out of memory");
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    free(url);

    resp->method = xstrdup(call->method);
    resp->path = xstrdup(call->path);
    resp->len = body.len;
    resp->body = buf_steal(&body);
    resp->headers = buf_steal(&head);
    if (rc != CURLE_OK) {
        char message[API_ERR_SIZE];
        snprintf(message, sizeof message, "%s %s: %s", call->method, call->path,
                 *error ? error : curl_easy_strerror(rc));
        api_response_free(resp);
        ck_abort_msg("%s", message);
    }
    parse_header_fields(resp);
    const char *content_type = api_header(resp, "Content-Type");
    resp->content_type = content_type ? xstrdup(content_type) : NULL;
    if (media_type_is_json(resp->content_type) && resp->len > 0)
        resp->json = json_loadb(resp->body, resp->len, JSON_REJECT_DUPLICATES, NULL);
    log_response(resp);
    return resp;
}

struct api_response *api_request_(const char *method, const char *path, const char *key,
                                  const char *content_type, const char *body, ...)
{
    enum { MAX_EXTRA = 32 };
    const char *extra[MAX_EXTRA + 1];
    size_t n = 0;
    va_list ap;
    va_start(ap, body);
    for (const char *h; (h = va_arg(ap, const char *)) != NULL;) {
        ck_assert_msg(n < MAX_EXTRA, "too many extra headers");
        extra[n++] = h;
    }
    va_end(ap);
    extra[n] = NULL;
    return api_send(&(struct api_call){.method = method,
                                       .path = path,
                                       .key = key,
                                       .content_type = content_type,
                                       .body = body,
                                       .headers = extra});
}

struct api_response *api_get(const char *path, const char *key)
{
    return api_request("GET", path, key, NULL, NULL);
}

struct api_response *api_post_json(const char *path, const char *key, const char *json_text)
{
    return api_request("POST", path, key, "application/json", json_text);
}

struct api_response *api_delete(const char *path, const char *key)
{
    return api_request("DELETE", path, key, NULL, NULL);
}

struct api_response *api_poll(const char *path, const char *key, long status, double seconds)
{
    double deadline = now_seconds() + seconds;
    for (;;) {
        struct api_response *resp = api_get(path, key);
        if (resp->status == status || now_seconds() >= deadline)
            return resp;
        api_response_free(resp);
        sleep_seconds(0.1);
    }
}

void api_response_free(struct api_response *resp)
{
    if (resp == NULL)
        return;
    for (size_t i = 0; i < resp->nfields; i++) {
        free(resp->fields[i].name);
        free(resp->fields[i].value);
    }
    free(resp->fields);
    json_decref(resp->json);
    free(resp->method);
    free(resp->path);
    free(resp->body);
    free(resp->content_type);
    free(resp->headers);
    free(resp);
}

/* --- reading a response --------------------------------------------------------------------- */

bool api_content_type_is(const struct api_response *resp, const char *media_type)
{
    return media_type_matches(resp->content_type, media_type);
}

const char *api_header(const struct api_response *resp, const char *name)
{
    for (size_t i = 0; i < resp->nfields; i++)
        if (strcasecmp(resp->fields[i].name, name) == 0)
            return resp->fields[i].value;
    return NULL;
}

bool api_header_has_token(const struct api_response *resp, const char *name, const char *token)
{
    size_t want = strlen(token);
    for (size_t i = 0; i < resp->nfields; i++) {
        if (strcasecmp(resp->fields[i].name, name) != 0)
            continue;
        for (const char *p = resp->fields[i].value; *p != '\0';) {
            p += strspn(p, " \t,");
            size_t n = strcspn(p, ",");
            size_t trimmed = n;
            while (trimmed > 0 && (p[trimmed - 1] == ' ' || p[trimmed - 1] == '\t'))
                trimmed--;
            if (trimmed == want && strncasecmp(p, token, want) == 0)
                return true;
            p += n;
        }
    }
    return false;
}

json_t *api_json_at(const struct api_response *resp, const char *pointer)
{
    json_t *node = resp->json;
    const char *p = pointer;
    while (node != NULL && *p == '/') {
        p++;
        size_t n = strcspn(p, "/");
        char token[256];
        size_t len = 0;
        for (size_t i = 0; i < n && len + 1 < sizeof token; i++) {
            if (p[i] == '~' && i + 1 < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
                token[len++] = p[i + 1] == '0' ? '~' : '/';
                i++;
            } else {
                token[len++] = p[i];
            }
        }
        token[len] = '\0';
        p += n;
        if (json_is_object(node)) {
            node = json_object_get(node, token);
        } else if (json_is_array(node) && len > 0 && strspn(token, "0123456789") == len) {
            node = json_array_get(node, strtoul(token, NULL, 10));
        } else {
            node = NULL;
        }
    }
    return *p == '\0' ? node : NULL;
}

const char *api_json_string(const struct api_response *resp, const char *pointer)
{
    return json_string_value(api_json_at(resp, pointer));
}

bool api_check_problem(const struct api_response *resp, long status, char *why, size_t why_size)
{
    const char *wrong = NULL;
    if (resp->status != status)
        wrong = "wrong status";
    else if (!api_content_type_is(resp, "application/problem+json"))
        wrong = "not application/problem+json";
    else if (!json_is_object(resp->json))
        wrong = "body is not a JSON object";
    else if (api_json_string(resp, "/type") == NULL || *api_json_string(resp, "/type") == '\0')
        wrong = "no type";
    else if (api_json_string(resp, "/title") == NULL || *api_json_string(resp, "/title") == '\0')
        wrong = "no title";
    else if (json_integer_value(api_json_at(resp, "/status")) != status)
        wrong = "body's status differs";
    if (wrong == NULL)
        return true;
    snprintf(why, why_size, "%s %s: %s (expected a %ld problem): status %ld, %s; body: %.600s",
             resp->method, resp->path, wrong, status, resp->status,
             resp->content_type ? resp->content_type : "no Content-Type", resp->body);
    return false;
}

char *api_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    ck_assert(text != NULL);
    size_t n = fread(text, 1, (size_t)size, f);
    ck_assert_msg(n == (size_t)size, "short read of %s", path);
    text[n] = '\0';
    fclose(f);
    if (len != NULL)
        *len = n;
    return text;
}

char *api_padded_json(size_t size)
{
    static const char head[] = "{\"name\":\"", tail[] = "\"}";
    size_t fixed = sizeof head - 1 + sizeof tail - 1;
    ck_assert_msg(size >= fixed, "a padded JSON text needs at least %zu bytes", fixed);
    char *text = malloc(size + 1);
    ck_assert_msg(text != NULL, "out of memory");
    memcpy(text, head, sizeof head - 1);
    memset(text + sizeof head - 1, 'x', size - fixed);
    memcpy(text + size - (sizeof tail - 1), tail, sizeof tail);
    return text;
}

/* --- raw sockets ---------------------------------------------------------------------------- */

/* Connects to the host and port of KPID_TEST_URL ("http://127.0.0.1:8080"). */
static int connect_to_server(void)
{
    const char *url = env_required("KPID_TEST_URL");
    char host[256], port[16] = "80";
    const char *start = strstr(url, "://");
    start = start ? start + 3 : url;
    size_t host_len = strcspn(start, ":/");
    ck_assert_msg(host_len < sizeof host, "KPID_TEST_URL host too long");
    memcpy(host, start, host_len);
    host[host_len] = '\0';
    if (start[host_len] == ':') {
        size_t port_len = strcspn(start + host_len + 1, "/");
        ck_assert_msg(port_len > 0 && port_len < sizeof port, "bad port in %s", url);
        memcpy(port, start + host_len + 1, port_len);
        port[port_len] = '\0';
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *addrs = NULL;
    int rc = getaddrinfo(host, port, &hints, &addrs);
    ck_assert_msg(rc == 0, "cannot resolve %s: %s", host, gai_strerror(rc));
    int fd = socket(addrs->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool connected = fd >= 0 && connect(fd, addrs->ai_addr, addrs->ai_addrlen) == 0;
    int saved_errno = errno;
    freeaddrinfo(addrs);
    if (!connected) {
        if (fd >= 0)
            close(fd);
        ck_abort_msg("cannot connect to %s: %s", url, strerror(saved_errno));
    }
    struct timeval timeout = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    return fd;
}

/* Whether `b` holds a whole response: its header block and as much body as it announces. */
static bool response_complete(const struct buf *b)
{
    const char *end = b->data ? strstr(b->data, "\r\n\r\n") : NULL;
    if (end == NULL)
        return false;
    size_t head_len = (size_t)(end - b->data) + 4;
    size_t body_len = 0;
    for (const char *line = strstr(b->data, "\r\n"); line != NULL && line < end;
         line = strstr(line + 2, "\r\n"))
        if (strncasecmp(line + 2, "Content-Length:", 15) == 0)
            body_len = strtoul(line + 17, NULL, 10);
    return b->len >= head_len + body_len;
}

long api_raw(const void *bytes, size_t len, char **reply)
{
    int fd = connect_to_server();
    const char *p = bytes;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* the server may answer and close before reading everything */
        p += n;
        len -= (size_t)n;
    }
    struct buf in = {0};
    char chunk[4096];
    while (!response_complete(&in)) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buf_append(&in, chunk, (size_t)n);
    }
    close(fd);
    long status = 0;
    if (in.len >= 12 && strncmp(in.data, "HTTP/1.", 7) == 0)
        status = strtol(in.data + 9, NULL, 10);
    char *text = buf_steal(&in);
    if (reply != NULL)
        *reply = text;
    else
        free(text);
    return status;
}

/* --- processes and SQL ---------------------------------------------------------------------- */

/* environ with KPID_DATABASE_URL replaced by the test database's URL; free the array and [0]. */
static char **child_environment(void)
{
    size_t n = 0;
    while (environ[n] != NULL)
        n++;
    char **env = calloc(n + 2, sizeof *env);
    ck_assert_msg(env != NULL, "out of memory");
    const char *url = env_required("KPID_TEST_DATABASE_URL");
    size_t size = strlen("KPID_DATABASE_URL=") + strlen(url) + 1;
    env[0] = malloc(size);
    ck_assert_msg(env[0] != NULL, "out of memory");
    snprintf(env[0], size, "KPID_DATABASE_URL=%s", url);
    size_t k = 1;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "KPID_DATABASE_URL=", 18) != 0)
            env[k++] = environ[i];
    return env;
}

static void open_cloexec_pipe(int fds[2])
{
    ck_assert_msg(pipe(fds) == 0, "pipe: %s", strerror(errno));
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
}

/* Reads both pipes to their end without letting either fill up and stall the child. */
static void drain_pipes(int out_fd, int err_fd, struct buf *out, struct buf *err)
{
    struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    struct buf *dest[2] = {out, err};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            ck_assert_msg(errno == EINTR, "poll: %s", strerror(errno));
            continue;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            char chunk[4096];
            ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
            if (n > 0) {
                buf_append(dest[i], chunk, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            }
        }
    }
}

char *api_run(const char *const argv[], int *status, char **err)
{
    /* close-on-exec keeps the pipes from leaking into grandchildren (a started postgres) */
    int out_pipe[2], err_pipe[2];
    open_cloexec_pipe(out_pipe);
    open_cloexec_pipe(err_pipe);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    char **env = child_environment();
    pid_t pid;
    /* posix_spawn's argv is char *const[] for historical reasons; it does not write to it */
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)(uintptr_t)argv, env);
    posix_spawn_file_actions_destroy(&actions);
    free(env[0]);
    free(env);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        ck_abort_msg("cannot run %s: %s", argv[0], strerror(rc));
    }
    struct buf out = {0}, errors = {0};
    drain_pipes(out_pipe[0], err_pipe[0], &out, &errors);
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0)
        ck_assert_msg(errno == EINTR, "waitpid: %s", strerror(errno));
    *status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
    char *error_text = buf_steal(&errors);
    if (err != NULL)
        *err = error_text;
    else
        free(error_text);
    return buf_steal(&out);
}

/* Runs argv and fails the test, showing its stderr, unless it exits 0; returns its stdout. */
static char *run_or_abort(const char *const argv[])
{
    int status;
    char *err;
    char *out = api_run(argv, &status, &err);
    if (status != 0) {
        char message[API_ERR_SIZE];
        snprintf(message, sizeof message, "%s %s exited with %d: %.700s", argv[0], argv[1], status,
                 err);
        free(out);
        free(err);
        ck_abort_msg("%s", message);
    }
    free(err);
    return out;
}

char *api_new_workspace_key(const char *workspace, const char *scopes)
{
    const char *argv[] = {env_required("KPID_TEST_KPID_BIN"),
                          "keys",
                          "create",
                          "--workspace",
                          workspace,
                          "--scope",
                          scopes,
                          NULL};
    char *out = run_or_abort(argv);
    out[strcspn(out, "\r\n")] = '\0';
    ck_assert_msg(*out != '\0', "kpid keys create printed no key");
    return out;
}

static void pg_cluster(const char *action, const char *option)
{
    const char *argv[] = {
        "sh", "deploy/pg-cluster.sh", action, env_required("KPID_TEST_PG_DIR"), option, NULL};
    free(run_or_abort(argv));
}

void api_db_stop(void)
{
    pg_cluster("stop", "immediate");
}

void api_db_start(void)
{
    pg_cluster("start", NULL);
}

char *api_sql_value_(const char *sql, ...)
{
    const char *params[API_MAX_SQL_PARAMS];
    int nparams = 0;
    va_list ap;
    va_start(ap, sql);
    for (const char *p; (p = va_arg(ap, const char *)) != NULL;) {
        ck_assert_msg(nparams < API_MAX_SQL_PARAMS, "too many SQL parameters");
        params[nparams++] = p;
    }
    va_end(ap);

    PGconn *conn = PQconnectdb(env_required("KPID_TEST_DATABASE_URL"));
    char message[API_ERR_SIZE] = "";
    char *value = NULL;
    if (PQstatus(conn) != CONNECTION_OK) {
        snprintf(message, sizeof message, "cannot connect to the test database: %s",
                 PQerrorMessage(conn));
        goto cleanup;
    }
    PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
        snprintf(message, sizeof message, "%s: %s", sql, PQresultErrorMessage(res));
    else if (PQntuples(res) > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0))
        value = xstrdup(PQgetvalue(res, 0, 0));
    PQclear(res);
cleanup:
    PQfinish(conn);
    if (*message != '\0')
        ck_abort_msg("%s", message);
    return value;
}
