/* Request bodies decoded into a handler's input, or answered 422 with every field error. */
#ifndef KPID_HTTP_BODY_DECODE_H
#define KPID_HTTP_BODY_DECODE_H

#include "kpid/json/fields.h"
#include "kpid/http/request.h"

/* Checks and copies a body into ctx: appends {field, message} errors and returns how many. */
typedef size_t (*kpid_body_parse_fn)(const json_t *body, void *ctx, json_t *errors);

/*
 * Reads the JSON body (kpid_http_json_body's 400/415/422) and hands it to parse; 422 with
 * `detail` and parse's errors when it found any. The body is released before this returns,
 * so parse copies what ctx keeps (ctx's own resources are the caller's to free either way).
 */
enum kpid_outcome kpid_http_parse_body(struct kpid_request *req, kpid_body_parse_fn parse,
                                       void *ctx, const char *detail);

/* The same with a declarative field table: *f gets the decoded values. Clear *f afterwards
 * whatever the outcome. */
enum kpid_outcome kpid_http_fields_body(struct kpid_request *req, const struct kpid_field *spec,
                                        size_t n, const char *detail, struct kpid_fields *f);

#endif
