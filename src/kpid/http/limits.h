/* Where requests meet the per-workspace limits: the key's rate, the workspace's share of the
 * database pool, and the 422 limit-exceeded reply. */
#ifndef KPID_HTTP_LIMITS_H
#define KPID_HTTP_LIMITS_H

#include "kpid/http/request.h"

#include <stdint.h>

/* Before the key is looked up: 429 + Retry-After when the key has used its rate. */
enum kpid_outcome kpid_limits_admit_key(struct kpid_request *req, uint64_t rate_key);

/* Once req->auth is filled: records the key's rate and charges the request's connection to
 * the workspace's share of the pool. When the workspace holds its share, the connection goes
 * back and the request waits (up to the pool wait) for one within the share; 503
 * workspace-busy + Retry-After when none came. */
enum kpid_outcome kpid_limits_admit_workspace(struct kpid_request *req, uint64_t rate_key);

/* Replies 422 limit-exceeded naming the limit of req's workspace and its value. */
enum kpid_outcome kpid_limits_refuse(struct kpid_request *req, const char *limit, const char *what);

/* The value of req's workspace's limit called name (which must exist). */
long kpid_limits_get(const struct kpid_request *req, const char *name);

#endif
