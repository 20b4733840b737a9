/* Validates a batch of deals, resolves their leads, upserts them set-based and brings the
 * stage of the leads they touch up to date. */
#include "kpid/ingest/deal_write.h"

#include "kpid/json/errors.h"
#include "kpid/ingest/doc_write.h"
#include "kpid/ingest/deal_input.h"
#include "kpid/ingest/deal_json.h"
#include "kpid/ingest/lead_derive.h"
#include "kpid/ingest/pg_array.h"
#include "kpid/ingest/settings.h"
#include "kpid/ingest/upsert.h"

#include <stdlib.h>
#include <string.h>

// clang-format off
KPID_DB_STMT(insert_deals, "deal_insert");

KPID_DB_STMT(update_deals, "deal_update");
// clang-format on

static const struct kpid_upsert_sql deal_sql = {&insert_deals, &update_deals, 0};

/*
 * Per document: the stored deal it updates (by id for a patch, else by natural key) and the
 * lead it names (lead_id, or lead_external_id among leads of the deal's source).
 * Columns: ord, lead found, lead id, lead channel, deal found, status, has closed_at,
 * stored lead id, stored lead's channel.
 */
KPID_DB_STMT(resolve_deals, "deal_resolve");

/* Locks the leads whose stage the batch may change, in one order, so that concurrent deals
 * of one lead derive its stage one after the other. */
KPID_DB_STMT(lock_leads, "lead_lock_for_deals");

static void reject(struct kpid_ingest_item *item, json_t **doc, const char *member,
                   const char *message)
{
    char pointer[160];
    snprintf(pointer, sizeof pointer, "%s/%s", item->prefix, member);
    kpid_json_error_add(item->errors, pointer, "%s", message);
    json_decref(*doc);
    *doc = NULL;
}

/* Applies one resolution row to its document: the lead's id and channel, and the merged
 * status rule. Adds the lead ids whose stage may change to `leads`. */
static void apply_resolution(const PGresult *res, int r, struct kpid_ingest_item *item,
                             json_t **doc, struct kpid_pg_array *leads)
{
    bool lead_found = PQgetvalue(res, r, 1)[0] == 't';
    bool deal_found = PQgetvalue(res, r, 4)[0] == 't';
    const json_t *by_id = json_object_get(*doc, "lead_id");
    const json_t *by_ext = json_object_get(*doc, "lead_external_id");
    bool names_lead = (by_id && !json_is_null(by_id)) || (by_ext && !json_is_null(by_ext));
    if (names_lead && !lead_found) {
        reject(item, doc, by_ext && !json_is_null(by_ext) ? "lead_external_id" : "lead_id",
               "names no lead of this workspace (lead_external_id is looked up among leads "
               "with the deal's source)");
        return;
    }
    const json_t *status = json_object_get(*doc, "status");
    const json_t *closed = json_object_get(*doc, "closed_at");
    const char *merged_status = status ? (json_is_null(status) ? "open" : json_string_value(status))
                                : deal_found ? PQgetvalue(res, r, 5)
                                             : "open";
    bool merged_closed =
        closed ? !json_is_null(closed) : deal_found && PQgetvalue(res, r, 6)[0] == 't';
    if (deal_found && strcmp(merged_status, "open") != 0 && !merged_closed) {
        reject(item, doc, "closed_at", "is required when status is won or lost");
        return;
    }
    if (by_id || by_ext) {
        json_object_set_new(*doc, "lead_id",
                            lead_found ? json_string(PQgetvalue(res, r, 2)) : json_null());
        json_object_del(*doc, "lead_external_id");
    }
    const char *lead_channel =
        by_id || by_ext ? kpid_db_value(res, r, 3) : kpid_db_value(res, r, 8);
    if (lead_channel != NULL)
        json_object_set_new(*doc, "lead_channel", json_string(lead_channel));
    if (lead_found)
        kpid_pg_array_add(leads, PQgetvalue(res, r, 2));
    if (!PQgetisnull(res, r, 7))
        kpid_pg_array_add(leads, PQgetvalue(res, r, 7));
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
    const char *params[] = {workspace_id, text};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &resolve_deals, 2, params, &st);
    free(text);
    if (res == NULL)
        return st;
    for (int r = 0; r < PQntuples(res); r++) {
        size_t i = strtoul(PQgetvalue(res, r, 0), NULL, 10);
        if (i < n && docs[i] != NULL)
            apply_resolution(res, r, &items[i], &docs[i], leads);
    }
    PQclear(res);
    return KPID_DB_OK;
}

static enum kpid_db_status write_docs(struct kpid_db *db, const char *workspace_id, json_t **docs,
                                      struct kpid_ingest_item *items, size_t n)
{
    struct kpid_pg_array leads = {0};
    enum kpid_db_status st = resolve(db, workspace_id, docs, items, n, &leads);
    const char *lead_ids = st == KPID_DB_OK && leads.count ? kpid_pg_array_text(&leads) : NULL;
    if (st == KPID_DB_OK && leads.count > 0 && lead_ids == NULL)
        st = KPID_DB_ERROR;
    if (st == KPID_DB_OK && lead_ids != NULL) {
        const char *params[] = {workspace_id, lead_ids};
        PQclear(kpid_db_exec(db, &lock_leads, 2, params, &st));
    }
    if (st == KPID_DB_OK)
        st = kpid_upsert(db, workspace_id, &deal_sql, NULL, docs, items, n, NULL);
    if (st == KPID_DB_OK && lead_ids != NULL) {
        struct kpid_settings s;
        if ((st = kpid_settings_load(db, workspace_id, &s)) == KPID_DB_OK) {
            st = kpid_lead_derive(db, workspace_id, &s, lead_ids, NULL);
            kpid_settings_clear(&s);
        }
    }
    kpid_pg_array_free(&leads);
    return st;
}

KPID_DB_STMT(fetch_deal, "deal_fetch");

static const struct kpid_doc_kind deals = {"deal", kpid_deal_decode, write_docs, &fetch_deal,
                                           kpid_deal_json};

size_t kpid_deal_validate(const json_t *deal, const char *prefix, json_t *errors)
{
    return kpid_doc_validate(&deals, deal, prefix, errors);
}

enum kpid_db_status kpid_deals_write(struct kpid_db *db, const char *workspace_id,
                                     struct kpid_ingest_item *items, size_t n)
{
    return kpid_docs_write(&deals, db, workspace_id, items, n);
}

enum kpid_db_status kpid_deal_patch(struct kpid_db *db, const char *workspace_id, const char *id,
                                    struct kpid_ingest_item *item)
{
    return kpid_doc_patch(&deals, db, workspace_id, id, item);
}

enum kpid_db_status kpid_deal_fetch(struct kpid_db *db, const char *workspace_id, const char *id,
                                    json_t **out)
{
    return kpid_doc_fetch(&deals, db, workspace_id, id, out);
}
