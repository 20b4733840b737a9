/* Builds and queues every kind of reply: JSON, raw bytes, problem+json; adds the headers
 * every response carries (X-Request-Id, CORS, Connection: close while draining). */
#include "kpid/http/request.h"

#include "kpid/http/cors.h"
#include "kpid/http/read_route.h"
#include "kpid/http/server.h"

#include <stdarg.h>
#include "kpid/json/json_dump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *reason_phrase(unsigned status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

static enum kpid_outcome queue(struct kpid_request *req, unsigned status, struct MHD_Response *resp,
                               const char *content_type)
{
    if (resp == NULL)
        return KPID_SYSERR;
    if (content_type != NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    MHD_add_response_header(resp, "X-Request-Id", req->id);
    for (size_t i = 0; i < req->n_extra_headers; i++)
        MHD_add_response_header(resp, req->extra_headers[i].name, req->extra_headers[i].value);
    kpid_cors_add_headers(req, resp);
    kpid_http_read_source_header(req, resp);
    if (atomic_load(&req->server->draining))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    if (status == 503 && MHD_get_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER) == NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    enum MHD_Result ok = MHD_queue_response(req->connection, status, resp);
    MHD_destroy_response(resp);
    if (ok != MHD_YES)
        return KPID_SYSERR;
    req->status = status;
    return KPID_REPLIED;
}

void kpid_http_add_header(struct kpid_request *req, const char *name, const char *value)
{
    if (req->n_extra_headers == sizeof req->extra_headers / sizeof req->extra_headers[0])
        return;
    req->extra_headers[req->n_extra_headers].name = name;
    snprintf(req->extra_headers[req->n_extra_headers].value, sizeof req->extra_headers[0].value,
             "%s", value);
    req->n_extra_headers++;
}

enum kpid_outcome kpid_http_reply_buffer(struct kpid_request *req, unsigned status,
                                         const char *content_type, char *data, size_t len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL)
        free(data);
    return queue(req, status, resp, content_type);
}

enum kpid_outcome kpid_http_reply_bytes(struct kpid_request *req, unsigned status,
                                        const char *content_type, const void *data, size_t len)
{
    /* libmicrohttpd's buffer API takes void *, but MUST_COPY never writes through it */
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)data, MHD_RESPMEM_MUST_COPY);
    return queue(req, status, resp, content_type);
}

static enum kpid_outcome reply_json_typed(struct kpid_request *req, unsigned status, json_t *body,
                                          const char *content_type)
{
    if (body == NULL)
        return kpid_http_reply_bytes(req, status, NULL, "", 0);
    char *text = kpid_json_dumps(body);
    json_decref(body);
    if (text == NULL)
        return KPID_SYSERR;
    return kpid_http_reply_buffer(req, status, content_type, text, strlen(text));
}

const char *kpid_http_json_type(unsigned status)
{
    return status >= 400 ? "application/problem+json" : "application/json";
}

enum kpid_outcome kpid_http_reply_json(struct kpid_request *req, unsigned status, json_t *body)
{
    return reply_json_typed(req, status, body, kpid_http_json_type(status));
}

json_t *kpid_problem_body(unsigned status, const char *slug, json_t *errors, const char *detail)
{
    char type[96];
    snprintf(type, sizeof type, "urn:kpid:problem:%s", slug);
    json_t *body = json_object();
    json_object_set_new(body, "type", json_string(type));
    json_object_set_new(body, "title", json_string(reason_phrase(status)));
    json_object_set_new(body, "status", json_integer(status));
    /* json_string() refuses invalid UTF-8; a detail quoting client bytes must not vanish */
    json_t *d = json_string(detail);
    json_object_set_new(body, "detail", d ? d : json_string("(detail not representable)"));
    if (errors != NULL)
        json_object_set_new(body, "errors", errors);
    return body;
}

enum kpid_outcome kpid_http_problem(struct kpid_request *req, unsigned status, const char *slug,
                                    json_t *errors, const char *detail_fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, detail_fmt);
    vsnprintf(detail, sizeof detail, detail_fmt, ap);
    va_end(ap);
    return kpid_http_reply_json(req, status, kpid_problem_body(status, slug, errors, detail));
}

enum kpid_outcome kpid_http_invalid_field(struct kpid_request *req, const char *pointer,
                                          const char *message)
{
    json_t *errors = json_array();
    kpid_json_error_add(errors, pointer, "%s", message);
    return kpid_http_problem(req, 422, "validation", errors, "%s: %s", pointer, message);
}
