/* POST /v1/nps-responses (idempotent on external_id when given) and GET /v1/nps-responses. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/body_decode.h"
#include "kpid/json/json_out.h"
#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/http/write.h"
#include "kpid/store/nps.h"

static const struct kpid_field nps_spec[] = {
    {.path = "score", .type = KPID_FIELD_INTEGER, .flags = KPID_FIELD_REQUIRED, .max = 10},
    {.path = "responded_at", .type = KPID_FIELD_TIMESTAMP, .flags = KPID_FIELD_REQUIRED},
    {.path = "client_ref", .type = KPID_FIELD_STRING, .max_len = 200},
    {.path = "external_id", .type = KPID_FIELD_STRING, .max_len = 200},
    {.path = "id", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "ingested_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
};

static json_t *nps_row(const kpid_result *res, int i)
{
    return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "id", kpid_result_text(res, i, "id"), "score",
                     kpid_json_number(kpid_result_text(res, i, "score")), "responded_at",
                     kpid_json_timestamp(kpid_result_text(res, i, "responded_at")), "client_ref",
                     kpid_json_text(kpid_result_text(res, i, "client_ref")), "external_id",
                     kpid_json_text(kpid_result_text(res, i, "external_id")), "ingested_at",
                     kpid_json_timestamp(kpid_result_text(res, i, "ingested_at")));
}

static enum kpid_db_status write_nps(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                     struct kpid_write_result *out)
{
    const struct kpid_fields *f = ctx;
    const struct kpid_nps_answer answer = {
        .score = kpid_fields_text(f, "score"),
        .responded_at = kpid_fields_text(f, "responded_at"),
        .client_ref = kpid_fields_text(f, "client_ref"),
        .external_id = kpid_fields_text(f, "external_id"),
    };
    enum kpid_db_status st;
    kpid_result *res = kpid_store_nps_upsert(db, req->auth.workspace_id, &answer, &st);
    if (res == NULL)
        return st;
    out->body = nps_row(res, 0);
    out->status = kpid_result_bool(res, 0, "created") ? 201 : 200;
    kpid_result_free(res);
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_nps_post(struct kpid_request *req)
{
    struct kpid_fields f;
    enum kpid_outcome rc = kpid_http_fields_body(
        req, nps_spec, sizeof nps_spec / sizeof nps_spec[0], "the NPS response is not valid", &f);
    if (rc == KPID_OK)
        rc = kpid_http_write(req, write_nps, &f);
    kpid_fields_clear(&f);
    return rc;
}

static const struct kpid_list nps = {kpid_store_nps_list, nps_row, "responded_at",
                                     KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_nps_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *from, *to;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "to", &to)) != KPID_OK)
        return rc;
    const struct kpid_nps_filter filter = {from, to, kpid_http_query(req, "client_ref")};
    return kpid_list_reply(req, &nps, &page, &filter);
}
