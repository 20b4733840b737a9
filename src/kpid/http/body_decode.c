/* Decodes a request body with a parser or a field table, answering 422 for invalid input. */
#include "kpid/http/body_decode.h"

#include <string.h>

enum kpid_outcome kpid_http_parse_body(struct kpid_request *req, kpid_body_parse_fn parse,
                                       void *ctx, const char *detail)
{
    json_t *body;
    enum kpid_outcome rc = kpid_http_json_body(req, KPID_BODY_JSON, &body);
    if (rc != KPID_OK)
        return rc;
    json_t *errors = json_array();
    size_t bad = parse(body, ctx, errors);
    json_decref(body);
    if (bad > 0)
        return kpid_http_problem(req, 422, "validation", errors, "%s", detail);
    json_decref(errors);
    return KPID_OK;
}

struct table {
    const struct kpid_field *spec;
    size_t n;
    struct kpid_fields *f;
};

static size_t decode_table(const json_t *body, void *ctx, json_t *errors)
{
    struct table *t = ctx;
    return kpid_fields_decode(t->spec, t->n, body, "", false, t->f, errors);
}

enum kpid_outcome kpid_http_fields_body(struct kpid_request *req, const struct kpid_field *spec,
                                        size_t n, const char *detail, struct kpid_fields *f)
{
    struct table t = {spec, n, f};
    memset(f, 0, sizeof *f);
    return kpid_http_parse_body(req, decode_table, &t, detail);
}
