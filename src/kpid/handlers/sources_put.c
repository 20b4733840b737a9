/* POST /v1/sources (create) and PUT /v1/sources/{name} (create or replace): a webhook source's
 * payload kind, target, credentials (write-only, rotated) and field map. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"
#include "kpid/handlers/source_json.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/write.h"
#include "kpid/keys/keys.h"
#include "kpid/store/source.h"
#include "kpid/webhook/fetch_url.h"
#include "kpid/webhook/map.h"
#include "kpid/webhook/preset.h"
#include "kpid/limits/counts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECRET_MIN 16
#define TOKEN_MIN 24

enum {
    F_NAME,
    F_PAYLOAD,
    F_TARGET,
    F_SECRET,
    F_TOKEN,
    F_GENERATE_TOKEN,
    F_PREVIOUS_SECRET,
    F_FIELD_MAP,
    F_PRESET,
    F_BASIC_AUTH,
    F_FETCH,
};

static const struct kpid_field source_spec[] = {
    [F_NAME] = {.path = "name", .type = KPID_FIELD_STRING, .max_len = 64},
    [F_PAYLOAD] = {.path = "payload", .type = KPID_FIELD_ENUM, .choices = kpid_source_payloads},
    [F_TARGET] = {.path = "target", .type = KPID_FIELD_ENUM, .choices = kpid_source_targets},
    [F_SECRET] = {.path = "secret", .type = KPID_FIELD_STRING, .max_len = 256},
    [F_TOKEN] = {.path = "token", .type = KPID_FIELD_STRING, .max_len = 256},
    [F_GENERATE_TOKEN] = {.path = "generate_token", .type = KPID_FIELD_BOOL},
    [F_PREVIOUS_SECRET] = {.path = "previous_secret", .type = KPID_FIELD_STRING},
    [F_FIELD_MAP] = {.path = "field_map", .type = KPID_FIELD_OBJECT},
    [F_PRESET] = {.path = "preset", .type = KPID_FIELD_ENUM, .choices = kpid_source_presets},
    [F_BASIC_AUTH] = {.path = "basic_auth", .type = KPID_FIELD_OBJECT},
    [F_FETCH] = {.path = "fetch", .type = KPID_FIELD_OBJECT},
    /* the representation's read-only members, so a GET body can be sent back */
    {.path = "id", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "signed", .type = KPID_FIELD_BOOL, .flags = KPID_FIELD_READONLY},
    {.path = "rotating", .type = KPID_FIELD_BOOL, .flags = KPID_FIELD_READONLY},
    {.path = "token_set", .type = KPID_FIELD_BOOL, .flags = KPID_FIELD_READONLY},
    {.path = "basic_auth_set", .type = KPID_FIELD_BOOL, .flags = KPID_FIELD_READONLY},
    {.path = "webhook_path", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "created_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "updated_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
};
#define N_SPEC (sizeof source_spec / sizeof source_spec[0])

/* A decoded source and what to do with each credential: "keep" (member absent), "clear"
 * (null) or "set". */
struct source_input {
    struct kpid_fields f;
    const char *name;
    const char *secret_mode, *token_mode, *previous_mode, *basic_mode;
    char token[KPID_KEY_LEN + 1]; /* a generated token, shown once */
    char token_hash[65];
    const struct kpid_preset *preset;
    const char *payload;
    char *field_map;      /* the map saved: the preset's default with the body's over it */
    char basic_user[257]; /* "" unless basic_auth is set */
    char basic_hash[65];
    const char *fetch_mode, *fetch_token_mode; /* as basic_mode, for fetch and fetch.token */
    char *fetch_url, *fetch_token; /* copies: the body is gone when the source is written */
    const char *fetch_allow_http;
    const char *path_name; /* PUT: create or replace this source; POST (NULL): create only */
    char location[96];
};

static const char *mode(const struct kpid_fields *f, int i)
{
    return !f->present[i] ? "keep" : f->text[i] == NULL ? "clear" : "set";
}

/* The preset, the payload kind (the preset's unless given) and the field map saved. */
static void decode_preset(const json_t *body, struct source_input *in, json_t *errors)
{
    const struct kpid_fields *f = &in->f;
    in->preset = kpid_preset_find(f->text[F_PRESET] ? f->text[F_PRESET] : "generic");
    bool generic = strcmp(in->preset->name, "generic") == 0;
    in->payload = f->text[F_PAYLOAD];
    if (in->payload == NULL && !generic)
        in->payload = in->preset->payload == KPID_PAYLOAD_FORM ? "form" : "json";
    if (in->payload == NULL)
        kpid_json_error_add(errors, "/payload", "required without a preset: json or form");
    enum kpid_target_kind target = f->text[F_TARGET] && strcmp(f->text[F_TARGET], "deal") == 0
                                       ? KPID_TARGET_DEAL
                                       : KPID_TARGET_LEAD;
    const json_t *overrides = json_object_get(body, "field_map");
    json_t *map =
        kpid_preset_field_map(in->preset, target, json_is_object(overrides) ? overrides : NULL);
    if (map == NULL && f->text[F_FIELD_MAP] == NULL)
        kpid_json_error_add(errors, "/field_map", "required: the %s preset has no default %s map",
                            in->preset->name, target == KPID_TARGET_DEAL ? "deal" : "lead");
    if (map != NULL && in->payload != NULL &&
        kpid_field_map_check(
            map, strcmp(in->payload, "form") == 0 ? KPID_PAYLOAD_FORM : KPID_PAYLOAD_JSON, target,
            "/field_map", errors) == 0)
        in->field_map = json_dumps(map, JSON_COMPACT);
    json_decref(map);
}

/* basic_auth: {"username", "password"} (set), null (clear) or absent (keep). */
static void decode_basic_auth(const json_t *body, struct source_input *in, json_t *errors)
{
    const json_t *basic = json_object_get(body, "basic_auth");
    in->basic_mode = basic == NULL ? "keep" : json_is_null(basic) ? "clear" : "set";
    if (basic == NULL || json_is_null(basic))
        return;
    static const char *const members[] = {"username", "password", NULL};
    const json_t *user = json_object_get(basic, "username");
    const json_t *password = json_object_get(basic, "password");
    kpid_json_unknown_members(basic, members, "/basic_auth", errors);
    if (!json_is_string(user) || json_string_length(user) == 0 || json_string_length(user) > 256 ||
        strchr(json_string_value(user), ':') != NULL)
        kpid_json_error_add(errors, "/basic_auth/username",
                            "required: 1 to 256 characters without a colon");
    if (!json_is_string(password) || json_string_length(password) < SECRET_MIN ||
        json_string_length(password) > 256)
        kpid_json_error_add(errors, "/basic_auth/password", "required: %d to 256 characters",
                            SECRET_MIN);
    if (json_is_string(user) && json_is_string(password)) {
        snprintf(in->basic_user, sizeof in->basic_user, "%s", json_string_value(user));
        kpid_key_hash(json_string_value(password), in->basic_hash);
    }
}

/* Whether text has no control characters (it becomes an HTTP header line). */
static bool printable(const char *text)
{
    for (; *text; text++)
        if ((unsigned char)*text < 0x20 || *text == 0x7f)
            return false;
    return true;
}

/* fetch: {"url", "token", "allow_http"} (set; a token omitted is kept), null (clear) or
 * absent (keep). Only presets that fetch take one; the URL must be https unless allow_http. */
static void decode_fetch(const json_t *body, struct source_input *in, json_t *errors)
{
    const json_t *fetch = json_object_get(body, "fetch");
    in->fetch_mode = fetch == NULL ? "keep" : json_is_null(fetch) ? "clear" : "set";
    in->fetch_token_mode = "keep";
    if (fetch == NULL || json_is_null(fetch))
        return;
    static const char *const members[] = {"url", "token", "allow_http", "token_set", NULL};
    kpid_json_unknown_members(fetch, members, "/fetch", errors);
    const char *target = in->f.text[F_TARGET] ? in->f.text[F_TARGET] : "lead";
    if (!kpid_preset_fetches(in->preset,
                             strcmp(target, "deal") == 0 ? KPID_TARGET_DEAL : KPID_TARGET_LEAD))
        kpid_json_error_add(errors, "/fetch", "the %s preset fetches no %s", in->preset->name,
                            target);
    const json_t *url = json_object_get(fetch, "url");
    const json_t *token = json_object_get(fetch, "token");
    const json_t *allow_http = json_object_get(fetch, "allow_http");
    if (allow_http != NULL && !json_is_boolean(allow_http))
        kpid_json_error_add(errors, "/fetch/allow_http", "must be true or false");
    in->fetch_allow_http = json_is_true(allow_http) ? "t" : "f";
    char why[128];
    if (!json_is_string(url))
        kpid_json_error_add(errors, "/fetch/url", "required: the CRM's API URL");
    else if (!kpid_fetch_url_valid(json_string_value(url), json_is_true(allow_http), why,
                                   sizeof why))
        kpid_json_error_add(errors, "/fetch/url", "%s", why);
    else
        in->fetch_url = strdup(json_string_value(url));
    if (token != NULL && !json_is_null(token) &&
        (!json_is_string(token) || json_string_length(token) == 0 ||
         json_string_length(token) > 4096 || !printable(json_string_value(token))))
        kpid_json_error_add(errors, "/fetch/token",
                            "must be 1 to 4096 characters without control characters");
    in->fetch_token_mode = token == NULL ? "keep" : json_is_null(token) ? "clear" : "set";
    in->fetch_token = json_is_string(token) ? strdup(json_string_value(token)) : NULL;
}

/* Whether a stored source holds a credential its preset accepts. */
static bool can_authenticate(const struct kpid_preset *preset, const kpid_result *res)
{
    unsigned by_secret = KPID_AUTH_SIGNATURE | KPID_AUTH_HUBSPOT_V3;
    unsigned by_token = KPID_AUTH_URL_TOKEN | KPID_AUTH_FORM_TOKEN | KPID_AUTH_HEADER_TOKEN;
    return ((preset->auth & by_secret) && kpid_result_bool(res, 0, "signed")) ||
           ((preset->auth & by_token) && kpid_result_bool(res, 0, "token_set")) ||
           ((preset->auth & KPID_AUTH_BASIC) && kpid_result_bool(res, 0, "basic_auth_set"));
}

/* What the preset needs, for the 422 when a source has none of it. */
static const char *credentials_needed(const struct kpid_preset *preset)
{
    if (preset->auth == KPID_AUTH_HUBSPOT_V3)
        return "a hubspot source needs the app's client secret as secret";
    if (preset->auth == KPID_AUTH_FORM_TOKEN)
        return "a bitrix24 source needs the application token as token";
    if (preset->auth == KPID_AUTH_BASIC)
        return "a pipedrive source needs basic_auth";
    return "a source needs a secret or a token (or both)";
}

/* Decodes and validates the body for the source in->path_name (NULL for POST). */
static size_t decode(const json_t *body, void *ctx, json_t *errors)
{
    struct source_input *in = ctx;
    const char *path_name = in->path_name;
    struct kpid_fields *f = &in->f;
    kpid_fields_decode(source_spec, N_SPEC, body, "", false, f, errors);
    in->name = path_name ? path_name : f->text[F_NAME];
    if (path_name == NULL && (in->name == NULL || !kpid_source_name_valid(in->name)))
        kpid_json_error_add(errors, "/name", "required: 1 to 64 of a-z, 0-9, _ and -");
    if (path_name != NULL && f->text[F_NAME] != NULL && strcmp(f->text[F_NAME], path_name) != 0)
        kpid_json_error_add(errors, "/name", "must be the name in the path (%s)", path_name);
    if (f->text[F_SECRET] != NULL && strlen(f->text[F_SECRET]) < SECRET_MIN)
        kpid_json_error_add(errors, "/secret", "must have at least %d characters", SECRET_MIN);
    if (f->text[F_TOKEN] != NULL && strlen(f->text[F_TOKEN]) < TOKEN_MIN)
        kpid_json_error_add(errors, "/token", "must have at least %d characters", TOKEN_MIN);
    bool generate = f->text[F_GENERATE_TOKEN] != NULL && f->text[F_GENERATE_TOKEN][0] == 't';
    if (generate && f->present[F_TOKEN])
        kpid_json_error_add(errors, "/generate_token", "give either token or generate_token");
    if (f->text[F_PREVIOUS_SECRET] != NULL)
        kpid_json_error_add(errors, "/previous_secret", "can only be null, which ends a rotation");
    decode_preset(body, in, errors);
    decode_basic_auth(body, in, errors);
    decode_fetch(body, in, errors);
    in->secret_mode = mode(f, F_SECRET);
    in->token_mode = generate ? "set" : mode(f, F_TOKEN);
    in->previous_mode = f->present[F_PREVIOUS_SECRET] ? "clear" : "keep";
    if (generate && kpid_key_generate(in->token) != 0)
        kpid_json_error_add(errors, "/generate_token", "no token could be generated; retry");
    else if (generate)
        kpid_key_hash(in->token, in->token_hash);
    else if (f->text[F_TOKEN] != NULL)
        kpid_key_hash(f->text[F_TOKEN], in->token_hash);
    return json_array_size(errors);
}

/* A 422 naming the member the saved source lacks (the write is rolled back). */
static void refuse(struct kpid_write_result *out, const char *field, const char *message,
                   const char *title)
{
    out->problem = true;
    out->status = 422;
    json_t *errors = json_array();
    kpid_json_error_add(errors, field, "%s", message);
    out->body = kpid_problem_body(422, "validation", errors, title);
}

static enum kpid_db_status write_source(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                        struct kpid_write_result *out)
{
    struct source_input *in = ctx;
    const struct kpid_fields *f = &in->f;
    const struct kpid_source_input source = {
        .name = in->name,
        .payload = in->payload,
        .target = f->text[F_TARGET],
        .secret = f->text[F_SECRET],
        .token_hash = in->token_hash[0] ? in->token_hash : NULL,
        .field_map = in->field_map,
        .preset = in->preset->name,
        .basic_username = in->basic_user[0] ? in->basic_user : NULL,
        .basic_password_hash = in->basic_user[0] ? in->basic_hash : NULL,
        .secret_mode = in->secret_mode,
        .token_mode = in->token_mode,
        .previous_mode = in->previous_mode,
        .basic_mode = in->basic_mode,
        .fetch_mode = in->fetch_mode,
        .fetch_token_mode = in->fetch_token_mode,
        .fetch_url = in->fetch_url,
        .fetch_token = in->fetch_token,
        .fetch_allow_http = in->fetch_allow_http,
    };
    const char *ws = req->auth.workspace_id;
    bool refused;
    enum kpid_db_status st =
        kpid_limits_count_check(db, req, KPID_COUNT_SOURCES, in->name, out, &refused);
    if (st != KPID_DB_OK || refused)
        return st;
    kpid_result *res = kpid_store_source_save(db, ws, &source, in->path_name != NULL, &st);
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) == 0) {
        kpid_result_free(res);
        kpid_write_problem(out, 409, "conflict",
                           "a source with this name exists; PUT /v1/sources/{name} replaces it");
        return KPID_DB_OK;
    }
    if (!can_authenticate(in->preset, res)) {
        kpid_result_free(res);
        refuse(out, in->preset->auth == KPID_AUTH_BASIC ? "/basic_auth" : "/secret",
               credentials_needed(in->preset), "the source cannot authenticate");
        return KPID_DB_OK;
    }
    if (in->preset->fetch.needs_token && kpid_result_text(res, 0, "fetch_url") != NULL &&
        !kpid_result_bool(res, 0, "fetch_token_set")) {
        kpid_result_free(res);
        refuse(out, "/fetch/token", "required: the CRM's API token",
               "the source cannot fetch from its CRM");
        return KPID_DB_OK;
    }
    bool created = kpid_result_bool(res, 0, "created");
    out->body = kpid_source_json(res, 0);
    kpid_result_free(res);
    if (in->token[0] != '\0') {
        json_object_set_new(out->body, "token", json_string(in->token));
        out->secret_member = "token";
    }
    out->status = created ? 201 : 200;
    if (created) {
        snprintf(in->location, sizeof in->location, "/v1/sources/%s", in->name);
        out->location = in->location;
    }
    return KPID_DB_OK;
}

/* Decodes, validates and writes the source; path_name is NULL for POST. */
static enum kpid_outcome save(struct kpid_request *req, const char *path_name)
{
    struct source_input in = {.path_name = path_name};
    enum kpid_outcome rc = kpid_http_parse_body(req, decode, &in, "the source is not valid");
    if (rc == KPID_OK)
        rc = kpid_http_write(req, write_source, &in);
    kpid_fields_clear(&in.f);
    free(in.field_map);
    free(in.fetch_url);
    free(in.fetch_token);
    return rc;
}

enum kpid_outcome kpid_h_sources_post(struct kpid_request *req)
{
    return save(req, NULL);
}

enum kpid_outcome kpid_h_sources_put_name(struct kpid_request *req)
{
    const char *name = kpid_http_param(req, 0);
    if (!kpid_source_name_valid(name))
        return kpid_http_problem(req, 404, "not-found", NULL,
                                 "a source name is 1 to 64 of a-z, 0-9, _ and -");
    return save(req, name);
}
