/* The webhook source's representation, shared by the source handlers: never the secret or
 * the token, only whether they are set. */
#ifndef KPID_HANDLERS_SOURCE_JSON_H
#define KPID_HANDLERS_SOURCE_JSON_H

#include "kpid/store/result.h"

#include <jansson.h>
#include <stdbool.h>

/* {id, name, payload, target, signed, rotating, token_set, field_map, webhook_path,
 * created_at, updated_at, events: {mapped, failed, pending_fetch, last_error,
 * last_error_at}, fetch: {url, allow_http, token_set} or null} of row i, from the columns of that
 * name (store/source.h). */
json_t *kpid_source_json(const kpid_result *res, int i);

/* Whether name is a valid source name: [a-z0-9_-]{1,64}. */
bool kpid_source_name_valid(const char *name);

#endif
