/* GET of one resource named by its path parameter: fetched as JSON, or 404. */
#ifndef KPID_HTTP_GET_ONE_H
#define KPID_HTTP_GET_ONE_H

#include "kpid/store/db.h"
#include "kpid/http/request.h"

#include <stdbool.h>

/* Loads the resource `key` of the workspace as its representation (*out owned by the
 * caller), or *out = NULL when there is none. */
typedef enum kpid_db_status (*kpid_fetch_fn)(struct kpid_db *db, const char *workspace_id,
                                             const char *key, json_t **out);

/*
 * Answers GET .../{key} (path parameter 0): 404 "no <noun> <key>" when `valid` (may be NULL)
 * rejects the key or fetch finds nothing, else 200 with the representation.
 */
enum kpid_outcome kpid_http_get_one(struct kpid_request *req, const char *noun,
                                    bool (*valid)(const char *key), kpid_fetch_fn fetch);

#endif
