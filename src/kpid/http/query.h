/* Query-string parameters: parse one or reply 422 naming the parameter. */
#ifndef KPID_HTTP_QUERY_H
#define KPID_HTTP_QUERY_H

#include "kpid/http/request.h"

/*
 * Each reads the optional query parameter `name` into *out: NULL when it is absent, the
 * value (borrowed for the request's lifetime) when it is well-formed, else a 422 problem
 * naming the parameter and what it must be.
 */

/* One of `choices` (NULL-terminated); the 422 lists them. */
enum kpid_outcome kpid_query_choice(struct kpid_request *req, const char *name,
                                    const char *const *choices, const char **out);

/* "true" or "false" (PostgreSQL reads either as a boolean). */
enum kpid_outcome kpid_query_bool(struct kpid_request *req, const char *name, const char **out);

/* An RFC 3339 timestamp with an offset. */
enum kpid_outcome kpid_query_timestamp(struct kpid_request *req, const char *name,
                                       const char **out);

/* A calendar date YYYY-MM-DD. */
enum kpid_outcome kpid_query_date(struct kpid_request *req, const char *name, const char **out);

#endif
