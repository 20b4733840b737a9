/* The request context's life: creation with a request id, header sanity checks, body
 * accumulation under the cap, and the accessors handlers use. */
#include "kpid/http/request_internal.h"

#include "kpid/grow.h"
#include "kpid/hex.h"
#include "kpid/store/db.h"
#include "kpid/http/router.h"
#include "kpid/http/server.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

uint64_t kpid_http_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A client-supplied request id is kept when it is short and plain, so logs can be joined. */
static bool request_id_acceptable(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

static void fresh_uuid(char out[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        memset(b, 0, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

struct kpid_request *kpid_request_new(struct kpid_server *server, struct MHD_Connection *connection,
                                      const char *method, const char *url)
{
    struct kpid_request *req = calloc(1, sizeof *req);
    if (req == NULL)
        return NULL;
    req->connection = connection;
    req->server = server;
    req->method = method;
    req->path = url;
    req->body_max = kpid_router_body_max(method, url, server->config->max_body_bytes);
    req->started_ns = kpid_http_now_ns();
    const char *client_id = kpid_http_header(req, "X-Request-Id");
    if (request_id_acceptable(client_id))
        snprintf(req->id, sizeof req->id, "%s", client_id);
    else
        fresh_uuid(req->id);
    return req;
}

void kpid_request_free(struct kpid_request *req)
{
    if (req == NULL)
        return;
    kpid_db_release(req->db);
    free(req->body);
    free(req);
}

uint64_t kpid_request_elapsed_us(const struct kpid_request *req)
{
    return (kpid_http_now_ns() - req->started_ns) / 1000u;
}

struct header_scan {
    unsigned content_lengths;
    char first_length[32];
    bool lengths_conflict;
    bool transfer_encoding;
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    struct header_scan *scan = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (scan->content_lengths++ == 0)
            snprintf(scan->first_length, sizeof scan->first_length, "%s", value ? value : "");
        else if (value == NULL || strcmp(value, scan->first_length) != 0)
            scan->lengths_conflict = true;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        scan->transfer_encoding = true;
    }
    return MHD_YES;
}

enum kpid_outcome kpid_request_check_headers(struct kpid_request *req)
{
    struct header_scan scan = {0};
    MHD_get_connection_values(req->connection, MHD_HEADER_KIND, scan_header, &scan);
    /* request smuggling: libmicrohttpd 0.9.75 does not refuse these itself */
    if (scan.lengths_conflict)
        return kpid_http_problem(req, 400, "bad-request", NULL,
                                 "conflicting Content-Length headers");
    if (scan.content_lengths > 0 && scan.transfer_encoding)
        return kpid_http_problem(req, 400, "bad-request", NULL,
                                 "Content-Length and Transfer-Encoding must not both be sent");
    if (scan.content_lengths > 0) {
        char *end;
        unsigned long long n = strtoull(scan.first_length, &end, 10);
        if (n > req->body_max)
            return kpid_http_problem(req, 413, "payload-too-large", NULL,
                                     "the body is over the limit of %zu bytes", req->body_max);
    }
    return KPID_OK;
}

static bool is_control(int byte)
{
    return byte < 0x20 || byte == 0x7f;
}

bool kpid_request_target_has_control(const char *target)
{
    for (const unsigned char *p = (const unsigned char *)target; *p != '\0'; p++) {
        if (*p == '?' || *p == '#')
            return false;
        if (is_control(*p))
            return true;
        int byte = *p == '%' ? kpid_hex_byte((const char *)p + 1) : -1;
        if (byte >= 0) {
            if (is_control(byte))
                return true;
            p += 2;
        }
    }
    return false;
}

void kpid_request_append_body(struct kpid_request *req, const char *data, size_t len)
{
    size_t cap = req->body_max;
    if (req->body_too_large || len > cap - req->body_len) {
        /* keep reading so the reply can be queued on the final call, but keep nothing */
        req->body_too_large = true;
        return;
    }
    if (!kpid_grow(&req->body, &req->body_alloc, req->body_len + len + 1, 4096)) {
        req->body_too_large = true;
        return;
    }
    memcpy(req->body + req->body_len, data, len);
    req->body_len += len;
    req->body[req->body_len] = '\0';
}

const char *kpid_http_query(const struct kpid_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *kpid_http_header(const struct kpid_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

const char *kpid_http_param(const struct kpid_request *req, size_t i)
{
    return i < KPID_MAX_PATH_PARAMS ? req->params[i] : NULL;
}
