/* POST /v1/spend and POST /v1/spend/batch: marketing spend, created or updated on its natural
 * key (channel, date, campaign). */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/fields_batch.h"
#include "kpid/handlers/spend_json.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/write.h"
#include "kpid/store/spend.h"

static const struct kpid_field spend_spec[] = {
    {.path = "channel", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_REQUIRED, .max_len = 200},
    {.path = "date", .type = KPID_FIELD_DATE, .flags = KPID_FIELD_REQUIRED},
    {.path = "amount", .type = KPID_FIELD_MONEY, .flags = KPID_FIELD_REQUIRED, .max = 1e13},
    {.path = "campaign", .type = KPID_FIELD_STRING, .max_len = 200},
    {.path = "note", .type = KPID_FIELD_STRING, .max_len = 1000},
    /* the representation's read-only members, so a GET item can be posted back */
    {.path = "id", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "ingested_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "updated_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
};
#define N_SPEC (sizeof spend_spec / sizeof spend_spec[0])

/* Upserts one decoded item; on KPID_DB_OK *row is its representation and *created tells
 * whether it is new. */
static enum kpid_db_status upsert(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_fields *f, json_t **row, bool *created)
{
    const struct kpid_spend_entry entry = {
        .channel = kpid_fields_text(f, "channel"),
        .date = kpid_fields_text(f, "date"),
        .campaign = kpid_fields_text(f, "campaign"),
        .amount = kpid_fields_text(f, "amount"),
        .note = kpid_fields_text(f, "note"),
    };
    enum kpid_db_status st;
    kpid_result *res = kpid_store_spend_upsert(db, workspace_id, &entry, &st);
    if (res == NULL)
        return st;
    *row = kpid_spend_json(res, 0);
    *created = kpid_result_bool(res, 0, "created");
    kpid_result_free(res);
    return KPID_DB_OK;
}

static enum kpid_db_status write_one(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                     struct kpid_write_result *out)
{
    bool created;
    enum kpid_db_status st = upsert(db, req->auth.workspace_id, ctx, &out->body, &created);
    out->status = created ? 201 : 200;
    return st;
}

enum kpid_outcome kpid_h_spend_post(struct kpid_request *req)
{
    struct kpid_fields f;
    enum kpid_outcome rc =
        kpid_http_fields_body(req, spend_spec, N_SPEC, "the spend entry is not valid", &f);
    if (rc == KPID_OK)
        rc = kpid_http_write(req, write_one, &f);
    kpid_fields_clear(&f);
    return rc;
}

static const struct kpid_fields_batch spend_batch = {spend_spec, N_SPEC, NULL, upsert,
                                                     "spend entries"};

enum kpid_outcome kpid_h_spend_batch_post(struct kpid_request *req)
{
    return kpid_fields_batch_post(req, &spend_batch);
}
