/* Validates a batch of leads, locks their workspace or contacts, upserts them set-based with
 * their validity, duplicate and stage, and derives what the insert could not settle. */
#include "kpid/ingest/lead_write.h"

#include "kpid/json/errors.h"
#include "kpid/ingest/doc_write.h"
#include "kpid/ingest/lead_derive.h"
#include "kpid/ingest/lead_input.h"
#include "kpid/ingest/lead_json.h"
#include "kpid/ingest/pg_array.h"
#include "kpid/ingest/reaction.h"
#include "kpid/ingest/settings.h"
#include "kpid/ingest/upsert.h"

#include <stdio.h>
#include <stdlib.h>

/* $3: the target regions, $4: the dedupe window in days. New rows get their validity and
 * duplicate_of from the rows stored before them (the caller's lock keeps other writers of
 * their contacts out) and their stage from their own steps (a new lead has no deals).
 * Returns (ord, id, recheck): recheck is true for a row that other documents of the batch
 * or later stored leads share a contact with; the derive step settles those. */
// clang-format off
KPID_DB_STMT(insert_leads, "lead_insert");

KPID_DB_STMT(update_leads, "lead_update");
// clang-format on

static const struct kpid_upsert_sql lead_sql = {&insert_leads, &update_leads, 2};

/*
 * Serialises the lead writers of a workspace so that leads of one person see each other in
 * duplicate detection: a batch holds the workspace alone ($3 true, one lock whatever its
 * size); a single lead shares it and holds its phone and e-mail ($2), so that single leads
 * of different people run side by side. Locks are taken in one order: the workspace, then
 * the contacts. Reads the workspace settings along (KPID_SETTINGS_COLUMNS).
 */
// clang-format off
KPID_DB_STMT(lock_writers, "lead_lock_writers");
// clang-format on

/* Takes the locks of the documents (see lock_writers) and loads the settings into *s. */
static enum kpid_db_status lock_and_load(struct kpid_db *db, const char *workspace_id,
                                         json_t *const *docs, size_t n, struct kpid_settings *s)
{
    size_t written = 0;
    for (size_t i = 0; i < n; i++)
        written += docs[i] != NULL;
    struct kpid_pg_array keys = {0};
    for (size_t i = 0; i < n && written == 1; i++) {
        static const char *const norms[] = {"phone_norm", "email_norm"};
        for (int k = 0; k < 2 && docs[i] != NULL; k++) {
            const char *norm = json_string_value(json_object_get(docs[i], norms[k]));
            if (norm != NULL)
                kpid_pg_array_add(&keys, norm);
        }
    }
    const char *params[] = {workspace_id, kpid_pg_array_text(&keys), written > 1 ? "t" : "f"};
    enum kpid_db_status st = KPID_DB_ERROR;
    PGresult *res = params[1] ? kpid_db_exec(db, &lock_writers, 3, params, &st) : NULL;
    if (res != NULL)
        st = kpid_settings_from_row(res, 0, 0, s);
    PQclear(res);
    kpid_pg_array_free(&keys);
    return st;
}

/* Collects the ids whose derived fields need the derive step: updated rows, and new rows
 * the insert flagged; of the updated, those whose document sets only one of created_at and
 * first_contact_at (reaction time could not be computed before the write) in `later`. */
static void derive_ids(json_t *const *docs, const struct kpid_ingest_item *items,
                       const bool *flagged, size_t n, struct kpid_pg_array *ids,
                       struct kpid_pg_array *later)
{
    for (size_t i = 0; i < n; i++) {
        if (docs[i] == NULL || items[i].id[0] == '\0')
            continue;
        if (items[i].outcome == KPID_INGEST_CREATED && !flagged[i])
            continue;
        kpid_pg_array_add(ids, items[i].id);
        bool created = json_object_get(docs[i], "created_at") != NULL;
        bool contacted = json_object_get(docs[i], "first_contact_at") != NULL;
        if (items[i].outcome == KPID_INGEST_UPDATED && created != contacted)
            kpid_pg_array_add(later, items[i].id);
    }
}

/* Writes the decoded documents (NULL for invalid items) and derives what they change. */
static enum kpid_db_status write_docs(struct kpid_db *db, const char *workspace_id, json_t **docs,
                                      struct kpid_ingest_item *items, size_t n)
{
    bool *flagged = calloc(n ? n : 1, sizeof *flagged);
    if (flagged == NULL)
        return KPID_DB_ERROR;
    struct kpid_settings s;
    enum kpid_db_status st = lock_and_load(db, workspace_id, docs, n, &s);
    if (st != KPID_DB_OK) {
        free(flagged);
        return st;
    }
    char window[16];
    snprintf(window, sizeof window, "%d", s.dedupe_window_days);
    const char *extra[] = {s.target_regions_sql, window};
    if ((st = kpid_reaction_of_docs(db, &s, docs, n)) == KPID_DB_OK)
        st = kpid_upsert(db, workspace_id, &lead_sql, extra, docs, items, n, flagged);
    struct kpid_pg_array ids = {0}, later = {0};
    if (st == KPID_DB_OK)
        derive_ids(docs, items, flagged, n, &ids, &later);
    if (st == KPID_DB_OK && ids.count > 0) {
        const char *ids_text = kpid_pg_array_text(&ids);
        const char *reaction = later.count ? kpid_pg_array_text(&later) : NULL;
        bool built = ids_text != NULL && (reaction != NULL || later.count == 0);
        st = built ? kpid_lead_derive(db, workspace_id, &s, ids_text, reaction) : KPID_DB_ERROR;
    }
    kpid_pg_array_free(&ids);
    kpid_pg_array_free(&later);
    kpid_settings_clear(&s);
    free(flagged);
    return st;
}

KPID_DB_STMT(fetch_lead, "lead_fetch");

static const struct kpid_doc_kind leads = {"lead", kpid_lead_decode, write_docs, &fetch_lead,
                                           kpid_lead_json};

size_t kpid_lead_validate(const json_t *lead, const char *prefix, json_t *errors)
{
    return kpid_doc_validate(&leads, lead, prefix, errors);
}

enum kpid_db_status kpid_leads_write(struct kpid_db *db, const char *workspace_id,
                                     struct kpid_ingest_item *items, size_t n)
{
    return kpid_docs_write(&leads, db, workspace_id, items, n);
}

enum kpid_db_status kpid_lead_patch(struct kpid_db *db, const char *workspace_id, const char *id,
                                    struct kpid_ingest_item *item)
{
    return kpid_doc_patch(&leads, db, workspace_id, id, item);
}

enum kpid_db_status kpid_lead_fetch(struct kpid_db *db, const char *workspace_id, const char *id,
                                    json_t **out)
{
    return kpid_doc_fetch(&leads, db, workspace_id, id, out);
}
