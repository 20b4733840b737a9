/* POST /v1/sources (create) and PUT /v1/sources/{name} (create or replace): a webhook source's
 * payload kind, target, credentials (write-only, rotated) and field map. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"
#include "kpid/handlers/source_json.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/write.h"
#include "kpid/keys/keys.h"
#include "kpid/store/source.h"
#include "kpid/webhook/map.h"
#include "kpid/limits/counts.h"

#include <stdio.h>
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
};

static const struct kpid_field source_spec[] = {
    [F_NAME] = {.path = "name", .type = KPID_FIELD_STRING, .max_len = 64},
    [F_PAYLOAD] = {.path = "payload",
                   .type = KPID_FIELD_ENUM,
                   .flags = KPID_FIELD_REQUIRED,
                   .choices = kpid_source_payloads},
    [F_TARGET] = {.path = "target", .type = KPID_FIELD_ENUM, .choices = kpid_source_targets},
    [F_SECRET] = {.path = "secret", .type = KPID_FIELD_STRING, .max_len = 256},
    [F_TOKEN] = {.path = "token", .type = KPID_FIELD_STRING, .max_len = 256},
    [F_GENERATE_TOKEN] = {.path = "generate_token", .type = KPID_FIELD_BOOL},
    [F_PREVIOUS_SECRET] = {.path = "previous_secret", .type = KPID_FIELD_STRING},
    [F_FIELD_MAP] = {.path = "field_map", .type = KPID_FIELD_OBJECT, .flags = KPID_FIELD_REQUIRED},
    /* the representation's read-only members, so a GET body can be sent back */
    {.path = "id", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "signed", .type = KPID_FIELD_BOOL, .flags = KPID_FIELD_READONLY},
    {.path = "rotating", .type = KPID_FIELD_BOOL, .flags = KPID_FIELD_READONLY},
    {.path = "token_set", .type = KPID_FIELD_BOOL, .flags = KPID_FIELD_READONLY},
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
    const char *secret_mode, *token_mode, *previous_mode;
    char token[KPID_KEY_LEN + 1]; /* a generated token, shown once */
    char token_hash[65];
    const char *path_name; /* PUT: create or replace this source; POST (NULL): create only */
    char location[96];
};

static const char *mode(const struct kpid_fields *f, int i)
{
    return !f->present[i] ? "keep" : f->text[i] == NULL ? "clear" : "set";
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
    const json_t *map = json_object_get(body, "field_map");
    if (f->text[F_FIELD_MAP] != NULL && f->text[F_PAYLOAD] != NULL)
        kpid_field_map_check(
            map, strcmp(f->text[F_PAYLOAD], "form") == 0 ? KPID_PAYLOAD_FORM : KPID_PAYLOAD_JSON,
            f->text[F_TARGET] && strcmp(f->text[F_TARGET], "deal") == 0 ? KPID_TARGET_DEAL
                                                                        : KPID_TARGET_LEAD,
            "/field_map", errors);
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

static enum kpid_db_status write_source(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                        struct kpid_write_result *out)
{
    struct source_input *in = ctx;
    const struct kpid_fields *f = &in->f;
    const struct kpid_source_input source = {
        .name = in->name,
        .payload = f->text[F_PAYLOAD],
        .target = f->text[F_TARGET],
        .secret = f->text[F_SECRET],
        .token_hash = in->token_hash[0] ? in->token_hash : NULL,
        .field_map = f->text[F_FIELD_MAP],
        .secret_mode = in->secret_mode,
        .token_mode = in->token_mode,
        .previous_mode = in->previous_mode,
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
    if (!kpid_result_bool(res, 0, "can_authenticate")) {
        kpid_result_free(res);
        out->problem = true;
        out->status = 422;
        json_t *errors = json_array();
        kpid_json_error_add(errors, "/secret", "a source needs a secret or a token (or both)");
        out->body = kpid_problem_body(422, "validation", errors, "the source cannot authenticate");
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
