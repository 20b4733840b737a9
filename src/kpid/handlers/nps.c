/* POST /v1/nps-responses (idempotent on external_id when given) and GET /v1/nps-responses. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/json_out.h"
#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/http/write.h"

static const struct kpid_field nps_spec[] = {
    {"score", KPID_FIELD_INTEGER, KPID_FIELD_REQUIRED, 0, 0, 10, NULL},
    {"responded_at", KPID_FIELD_TIMESTAMP, KPID_FIELD_REQUIRED, 0, 0, 0, NULL},
    {"client_ref", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"external_id", KPID_FIELD_STRING, 0, 200, 0, 0, NULL},
    {"id", KPID_FIELD_STRING, KPID_FIELD_READONLY, 0, 0, 0, NULL},
    {"ingested_at", KPID_FIELD_STRING, KPID_FIELD_READONLY, 0, 0, 0, NULL},
};

static json_t *nps_row(const PGresult *res, int i)
{
    return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "id", PQgetvalue(res, i, 0), "score",
                     kpid_json_number(PQgetvalue(res, i, 1)), "responded_at",
                     kpid_json_timestamp(PQgetvalue(res, i, 2)), "client_ref",
                     kpid_json_text(kpid_pg(res, i, 3)), "external_id",
                     kpid_json_text(kpid_pg(res, i, 4)), "ingested_at",
                     kpid_json_timestamp(PQgetvalue(res, i, 5)));
}

/* Without an external_id nothing conflicts and every post is a new answer. */
KPID_DB_STMT(upsert_nps, "nps_upsert");

static enum kpid_db_status write_nps(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                     struct kpid_write_result *out)
{
    const struct kpid_fields *f = ctx;
    const char *params[] = {req->auth.workspace_id, f->text[0], f->text[1], f->text[2], f->text[3]};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &upsert_nps, 5, params, &st);
    if (res == NULL)
        return st;
    out->body = nps_row(res, 0);
    out->status = PQgetvalue(res, 0, 6)[0] == 't' ? 201 : 200;
    PQclear(res);
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

// clang-format off
KPID_DB_STMT(list_nps, "nps_list");
// clang-format on

static const struct kpid_list nps = {&list_nps, nps_row, "responded_at", KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_nps_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *from, *to;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "to", &to)) != KPID_OK)
        return rc;
    const char *filters[] = {from, to, kpid_http_query(req, "client_ref")};
    return kpid_list_reply(req, &nps, &page, filters, 3);
}
