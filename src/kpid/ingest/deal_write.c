/* Writes deals: decoded by their member list, their leads resolved, upserted set-based, and
 * the stage of the leads they touch brought up to date. */
#include "kpid/ingest/deal_write.h"

#include "kpid/json/errors.h"
#include "kpid/ingest/lead_write.h"
#include "kpid/ingest/pg_array.h"
#include "kpid/ingest/settings.h"
#include "kpid/store/deal.h"
#include "kpid/store/lead.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rules(const struct kpid_fields *f, const char *prefix, bool patch, json_t *errors)
{
    char pointer[160];
    if (kpid_fields_at(f, KPID_DEAL_LEAD_ID) && kpid_fields_at(f, KPID_DEAL_LEAD_EXTERNAL_ID)) {
        snprintf(pointer, sizeof pointer, "%s/lead_external_id", prefix);
        kpid_json_error_add(errors, pointer, "give lead_id or lead_external_id, not both");
    }
    const char *status = kpid_fields_at(f, KPID_DEAL_STATUS);
    bool closing = status != NULL && strcmp(status, "open") != 0;
    /* a patch may rely on the stored closed_at; the write checks the merged deal */
    bool closed_sent = !patch || f->present[KPID_DEAL_CLOSED_AT];
    if (closing && kpid_fields_at(f, KPID_DEAL_CLOSED_AT) == NULL && closed_sent) {
        snprintf(pointer, sizeof pointer, "%s/closed_at", prefix);
        kpid_json_error_add(errors, pointer, "is required when status is won or lost");
    }
}

/* --- resolving leads ---------------------------------------------------------------------- */

/* The columns of a deal_resolve result, looked up once per result. */
struct resolution {
    const kpid_result *res;
    int ord, lead_found, lead_id, lead_channel, deal_found, status, has_closed_at, stored_lead_id,
        stored_lead_channel;
};

static struct resolution resolution_of(const kpid_result *res)
{
    return (struct resolution){
        .res = res,
        .ord = kpid_result_column(res, "ord"),
        .lead_found = kpid_result_column(res, "lead_found"),
        .lead_id = kpid_result_column(res, "lead_id"),
        .lead_channel = kpid_result_column(res, "lead_channel"),
        .deal_found = kpid_result_column(res, "deal_found"),
        .status = kpid_result_column(res, "status"),
        .has_closed_at = kpid_result_column(res, "has_closed_at"),
        .stored_lead_id = kpid_result_column(res, "stored_lead_id"),
        .stored_lead_channel = kpid_result_column(res, "stored_lead_channel"),
    };
}

static const char *cell(const struct resolution *c, int r, int col)
{
    return kpid_result_value(c->res, r, col);
}

static bool is_true(const struct resolution *c, int r, int col)
{
    const char *v = cell(c, r, col);
    return v != NULL && v[0] == 't';
}

static void reject(struct kpid_ingest_item *item, json_t **doc, const char *member,
                   const char *message)
{
    char pointer[160];
    snprintf(pointer, sizeof pointer, "%s/%s", item->prefix, member);
    kpid_json_error_add(item->errors, pointer, "%s", message);
    json_decref(*doc);
    *doc = NULL;
}

/* Whether the merged deal is won or lost without a closed_at. */
static bool closes_unclosed(const struct resolution *c, int r, const json_t *doc)
{
    if (!is_true(c, r, c->deal_found))
        return false;
    const json_t *status = json_object_get(doc, "status");
    const json_t *closed = json_object_get(doc, "closed_at");
    const char *merged_status = status ? (json_is_null(status) ? "open" : json_string_value(status))
                                       : cell(c, r, c->status);
    bool merged_closed = closed ? !json_is_null(closed) : is_true(c, r, c->has_closed_at);
    return strcmp(merged_status, "open") != 0 && !merged_closed;
}

/* Applies one resolution row to its document: the lead's id and channel, and the merged
 * status rule. Adds the lead ids whose stage may change to `leads`. */
static void apply_resolution(const struct resolution *c, int r, struct kpid_ingest_item *item,
                             json_t **doc, struct kpid_pg_array *leads)
{
    bool lead_found = is_true(c, r, c->lead_found);
    const json_t *by_id = json_object_get(*doc, "lead_id");
    const json_t *by_ext = json_object_get(*doc, "lead_external_id");
    bool names_lead = (by_id && !json_is_null(by_id)) || (by_ext && !json_is_null(by_ext));
    if (names_lead && !lead_found) {
        reject(item, doc, by_ext && !json_is_null(by_ext) ? "lead_external_id" : "lead_id",
               "names no lead of this workspace (lead_external_id is looked up among leads "
               "with the deal's source)");
        return;
    }
    if (closes_unclosed(c, r, *doc)) {
        reject(item, doc, "closed_at", "is required when status is won or lost");
        return;
    }
    if (by_id || by_ext) {
        json_object_set_new(*doc, "lead_id",
                            lead_found ? json_string(cell(c, r, c->lead_id)) : json_null());
        json_object_del(*doc, "lead_external_id");
    }
    const char *lead_channel =
        cell(c, r, by_id || by_ext ? c->lead_channel : c->stored_lead_channel);
    if (lead_channel != NULL)
        json_object_set_new(*doc, "lead_channel", json_string(lead_channel));
    if (lead_found)
        kpid_pg_array_add(leads, cell(c, r, c->lead_id));
    if (cell(c, r, c->stored_lead_id) != NULL)
        kpid_pg_array_add(leads, cell(c, r, c->stored_lead_id));
}

/* Resolves every document's lead and stored deal; rejects those naming unknown leads. */
static enum kpid_db_status resolve(struct kpid_db *db, const char *workspace_id, json_t **docs,
                                   struct kpid_ingest_item *items, size_t n,
                                   struct kpid_pg_array *leads)
{
    json_t *batch = json_array();
    for (size_t i = 0; i < n; i++)
        if (docs[i] != NULL) {
            json_object_set_new(docs[i], "ord", json_integer((json_int_t)i));
            json_array_append(batch, docs[i]);
        }
    char *text = json_dumps(batch, JSON_COMPACT);
    json_decref(batch);
    if (text == NULL)
        return KPID_DB_ERROR;
    enum kpid_db_status st;
    kpid_result *res = kpid_store_deal_resolve(db, workspace_id, text, &st);
    free(text);
    if (res == NULL)
        return st;
    struct resolution c = resolution_of(res);
    for (int r = 0; r < kpid_result_rows(res); r++) {
        size_t i = strtoul(cell(&c, r, c.ord), NULL, 10);
        if (i < n && docs[i] != NULL)
            apply_resolution(&c, r, &items[i], &docs[i], leads);
    }
    kpid_result_free(res);
    return KPID_DB_OK;
}

/* --- the write ---------------------------------------------------------------------------- */

struct deal_batch {
    struct kpid_db *db;
    const char *workspace_id;
};

static kpid_result *upsert_deals(void *ctx, bool insert, const json_t *batch,
                                 enum kpid_db_status *status)
{
    const struct deal_batch *b = ctx;
    char *docs = json_dumps(batch, JSON_COMPACT);
    kpid_result *rows =
        docs ? kpid_store_deal_upsert(b->db, b->workspace_id, insert, docs, status) : NULL;
    if (docs == NULL)
        *status = KPID_DB_ERROR;
    free(docs);
    return rows;
}

/* Brings the stage of the leads `lead_ids` up to date with the workspace settings. */
static enum kpid_db_status derive_leads(struct kpid_db *db, const char *workspace_id,
                                        const char *lead_ids)
{
    struct kpid_settings s;
    enum kpid_db_status st = kpid_settings_load(db, workspace_id, &s);
    if (st == KPID_DB_OK) {
        st = kpid_lead_derive(db, workspace_id, &s, lead_ids, NULL);
        kpid_settings_clear(&s);
    }
    return st;
}

static enum kpid_db_status write_deals(struct kpid_db *db, const char *workspace_id, json_t **docs,
                                       struct kpid_ingest_item *items, size_t n)
{
    struct kpid_pg_array leads = {0};
    enum kpid_db_status st = resolve(db, workspace_id, docs, items, n, &leads);
    const char *lead_ids = st == KPID_DB_OK && leads.count ? kpid_pg_array_text(&leads) : NULL;
    if (st == KPID_DB_OK && leads.count > 0 && lead_ids == NULL)
        st = KPID_DB_ERROR;
    if (st == KPID_DB_OK && lead_ids != NULL)
        st = kpid_store_lead_lock_for_deals(db, workspace_id, lead_ids);
    struct deal_batch b = {db, workspace_id};
    if (st == KPID_DB_OK)
        st = kpid_upsert(upsert_deals, &b, docs, items, n, NULL, NULL);
    if (st == KPID_DB_OK && lead_ids != NULL)
        st = derive_leads(db, workspace_id, lead_ids);
    kpid_pg_array_free(&leads);
    return st;
}

/* --- the resource ------------------------------------------------------------------------- */

static const struct kpid_field deal_spec[] = {KPID_DEAL_FIELDS(KPID_INGEST_SPEC)};
static const struct kpid_ingest_member deal_members[] = {KPID_DEAL_FIELDS(KPID_INGEST_MEMBER)};

const struct kpid_ingest_resource kpid_deal_resource = {
    .noun = "deal",
    .collection = "/v1/deals",
    .spec = deal_spec,
    .members = deal_members,
    .n_members = KPID_DEAL_FIELD_COUNT,
    .rules = rules,
    .write = write_deals,
    .fetch = kpid_store_deal_fetch,
};
