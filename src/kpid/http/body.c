/* Parses request bodies as JSON with the checks untrusted input needs: content type,
 * duplicate keys, NUL characters, numeric range and nesting depth. */
#include "kpid/http/request.h"

#include <string.h>
#include <strings.h>

bool kpid_http_media_type_is(const char *content_type, const char *type)
{
    size_t n = strlen(type);
    if (content_type == NULL || strncasecmp(content_type, type, n) != 0)
        return false;
    const char *rest = content_type + n;
    while (*rest == ' ')
        rest++;
    return *rest == '\0' || *rest == ';';
}

/* Depth of a parsed document, giving up (returning limit + 1) once past limit; iterative
 * descent stays within a few frames because the limit is small. */
static int depth_of(const json_t *v, int limit)
{
    if (limit < 0)
        return 1;
    int deepest = 0;
    if (json_is_object(v)) {
        const char *k;
        json_t *child;
        json_object_foreach((json_t *)(uintptr_t)v, k, child)
        {
            int d = depth_of(child, limit - 1);
            if (d > deepest)
                deepest = d;
            if (deepest > limit)
                break;
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *child;
        json_array_foreach(v, i, child)
        {
            int d = depth_of(child, limit - 1);
            if (d > deepest)
                deepest = d;
            if (deepest > limit)
                break;
        }
    } else {
        return 0;
    }
    return deepest + 1;
}

enum kpid_outcome kpid_http_json_body(struct kpid_request *req, enum kpid_body_kind kind,
                                      json_t **out)
{
    const char *ct = kpid_http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
    bool ok_type = kpid_http_media_type_is(ct, "application/json") ||
                   (kind == KPID_BODY_MERGE_PATCH &&
                    kpid_http_media_type_is(ct, "application/merge-patch+json"));
    if (!ok_type)
        return kpid_http_problem(req, 415, "unsupported-media-type", NULL, "send the body as %s",
                                 kind == KPID_BODY_JSON ? "application/json"
                                                        : "application/merge-patch+json");
    if (req->body_len == 0)
        return kpid_http_problem(req, 400, "malformed-json", NULL, "the request body is empty");

    json_error_t err;
    json_t *doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
    if (doc == NULL) {
        switch (json_error_code(&err)) {
        case json_error_duplicate_key:
        case json_error_invalid_utf8:
        case json_error_null_character:
        case json_error_null_byte_in_key:
        case json_error_numeric_overflow:
        case json_error_stack_overflow:
            return kpid_http_problem(req, 422, "invalid-json-value", NULL,
                                     "%s (line %d, column %d)", err.text, err.line, err.column);
        default:
            return kpid_http_problem(req, 400, "malformed-json", NULL,
                                     "malformed JSON: %s (line %d, column %d)", err.text, err.line,
                                     err.column);
        }
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        return kpid_http_invalid_field(req, "", "the body must be a JSON object");
    }
    if (depth_of(doc, KPID_JSON_MAX_DEPTH) > KPID_JSON_MAX_DEPTH) {
        json_decref(doc);
        return kpid_http_problem(req, 422, "invalid-json-value", NULL,
                                 "the document is nested deeper than %d levels",
                                 KPID_JSON_MAX_DEPTH);
    }
    *out = doc;
    return KPID_OK;
}
