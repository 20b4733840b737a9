/* Builds the JSON representation of a webhook source from its row. */
#include "kpid/handlers/source_json.h"

#include "kpid/json/json_out.h"

#include <stdio.h>
#include <string.h>

/* The source's inbox counts, kept on its row as events change status, and its last error. */
static json_t *events_json(const kpid_result *res, int i)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o}", "mapped",
                     kpid_json_number(kpid_result_text(res, i, "mapped_events")), "failed",
                     kpid_json_number(kpid_result_text(res, i, "failed_events")), "pending_fetch",
                     kpid_json_number(kpid_result_text(res, i, "pending_fetch_events")),
                     "last_error", kpid_json_text(kpid_result_text(res, i, "last_error")),
                     "last_error_at",
                     kpid_json_timestamp(kpid_result_text(res, i, "last_error_at")));
}

/* {"url", "allow_http", "token_set"} of a source that fetches, else null: never the token. */
static json_t *fetch_json(const kpid_result *res, int i)
{
    const char *url = kpid_result_text(res, i, "fetch_url");
    if (url == NULL)
        return json_null();
    return json_pack("{s:s,s:b,s:b}", "url", url, "allow_http",
                     kpid_result_bool(res, i, "fetch_allow_http"), "token_set",
                     kpid_result_bool(res, i, "fetch_token_set"));
}

json_t *kpid_source_json(const kpid_result *res, int i)
{
    const char *id = kpid_result_text(res, i, "id");
    char path[64];
    snprintf(path, sizeof path, "/v1/webhooks/%s", id);
    return json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:o}", "id", id, "name",
        kpid_result_text(res, i, "name"), "payload", kpid_result_text(res, i, "payload"), "target",
        kpid_result_text(res, i, "target"), "preset", kpid_result_text(res, i, "preset"),
        "basic_auth_set", json_boolean(kpid_result_bool(res, i, "basic_auth_set")), "signed",
        json_boolean(kpid_result_bool(res, i, "signed")), "rotating",
        json_boolean(kpid_result_bool(res, i, "rotating")), "token_set",
        json_boolean(kpid_result_bool(res, i, "token_set")), "field_map",
        kpid_json_parse(kpid_result_text(res, i, "field_map")), "webhook_path", path, "created_at",
        kpid_json_timestamp(kpid_result_text(res, i, "created_at")), "updated_at",
        kpid_json_timestamp(kpid_result_text(res, i, "updated_at")), "events", events_json(res, i),
        "fetch", fetch_json(res, i));
}

bool kpid_source_name_valid(const char *name)
{
    size_t n = strlen(name);
    return n >= 1 && n <= 64 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}
