/* Validates a batch of leads, locks their contacts, upserts them set-based and derives the
 * validity, duplicate, stage and reaction fields of what was written. */
#include "kpid/ingest/lead_write.h"

#include "kpid/http/request.h"
#include "kpid/ingest/doc_write.h"
#include "kpid/ingest/lead_derive.h"
#include "kpid/ingest/lead_input.h"
#include "kpid/ingest/lead_json.h"
#include "kpid/ingest/pg_array.h"
#include "kpid/ingest/reaction.h"
#include "kpid/ingest/settings.h"
#include "kpid/ingest/upsert.h"

/* The documents as lead rows: u.doc is the document, u.<column> its typed values. */
#define DOCS                                                                                       \
    "u AS (SELECT (e->>'ord')::int AS ord, e AS doc, gen_random_uuid() AS new_id, r.*"             \
    " FROM jsonb_array_elements($2::jsonb) AS e, jsonb_populate_record(NULL::leads, e) AS r)"

/* $3: the target regions. New rows get their validity by the rules and their stage from
 * their own steps (a new lead has no deals); duplicates are the derive step's business. */
// clang-format off
KPID_DB_STMT(insert_leads,
    "WITH " DOCS ","
    " ins AS (INSERT INTO leads (workspace_id, id, source, external_id, channel, campaign,"
    "   utm_source, utm_medium, created_at, contact_name, contact_phone, contact_email,"
    "   phone_norm, email_norm, region, is_valid, invalid_reason, is_sql, is_brand,"
    "   first_contact_at, meeting_at, proposal_at, lost_at, lost_reason, attributes,"
    "   reaction_minutes, valid, stage)"
    " SELECT $1::uuid, new_id, coalesce(source, 'api'), external_id, channel, campaign,"
    "   utm_source, utm_medium, created_at, contact_name, contact_phone, contact_email,"
    "   phone_norm, email_norm, region, is_valid, invalid_reason, coalesce(is_sql, false),"
    "   coalesce(is_brand, false), first_contact_at, meeting_at, proposal_at, lost_at,"
    "   lost_reason, coalesce(attributes, '{}'), reaction_minutes,"
    "   coalesce(is_valid, " KPID_LEAD_RULES("u", "$3") "), " KPID_LEAD_STAGE("u", "false")
    " FROM u"
    " ON CONFLICT (workspace_id, source, external_id) WHERE external_id IS NOT NULL"
    " DO NOTHING RETURNING id)"
    " SELECT u.ord, u.new_id FROM u JOIN ins ON ins.id = u.new_id");

/* A member the document sets replaces the column; an absent one keeps it. Contact data of
 * an erased lead stays erased. */
#define KEEP(col) "CASE WHEN u.doc ? '" col "' THEN u." col " ELSE l." col " END AS " col
#define CONTACT(col) \
    "CASE WHEN l.erased_at IS NOT NULL THEN NULL WHEN u.doc ? '" col "' THEN u." col \
    " ELSE l." col " END AS " col
#define OR_DEFAULT(col, dflt) \
    "CASE WHEN u.doc ? '" col "' THEN coalesce(u." col ", " dflt ") ELSE l." col " END AS " col
#define MERGED_COLUMNS \
    "channel, campaign, utm_source, utm_medium, created_at, contact_name, contact_phone," \
    " contact_email, phone_norm, email_norm, region, is_valid, invalid_reason, is_sql," \
    " is_brand, first_contact_at, meeting_at, proposal_at, lost_at, lost_reason, attributes," \
    " reaction_minutes"
#define MERGED_FROM(t) \
    t "channel, " t "campaign, " t "utm_source, " t "utm_medium, " t "created_at, " \
    t "contact_name, " t "contact_phone, " t "contact_email, " t "phone_norm, " \
    t "email_norm, " t "region, " t "is_valid, " t "invalid_reason, " t "is_sql, " \
    t "is_brand, " t "first_contact_at, " t "meeting_at, " t "proposal_at, " t "lost_at, " \
    t "lost_reason, " t "attributes, " t "reaction_minutes"

KPID_DB_STMT(update_leads,
    "WITH " DOCS ","
    " k AS (SELECT u.ord, l.id FROM u JOIN leads l"
    "     ON l.workspace_id = $1::uuid AND l.id = u.id"
    "   UNION ALL SELECT u.ord, l.id FROM u JOIN leads l ON l.workspace_id = $1::uuid"
    "     AND u.id IS NULL AND l.source = coalesce(u.source, 'api')"
    "     AND l.external_id = u.external_id),"
    " n AS (SELECT k.ord, l.id, "
    KEEP("channel") ", " KEEP("campaign") ", " KEEP("utm_source") ", " KEEP("utm_medium") ", "
    KEEP("created_at") ", " CONTACT("contact_name") ", " CONTACT("contact_phone") ", "
    CONTACT("contact_email") ", " CONTACT("phone_norm") ", " CONTACT("email_norm") ", "
    KEEP("region") ", " KEEP("is_valid") ", " KEEP("invalid_reason") ", "
    OR_DEFAULT("is_sql", "false") ", " OR_DEFAULT("is_brand", "false") ", "
    KEEP("first_contact_at") ", " KEEP("meeting_at") ", " KEEP("proposal_at") ", "
    KEEP("lost_at") ", " KEEP("lost_reason") ", " OR_DEFAULT("attributes", "'{}'") ", "
    KEEP("reaction_minutes")
    "   FROM k JOIN u ON u.ord = k.ord JOIN leads l ON l.workspace_id = $1::uuid AND l.id = k.id),"
    " upd AS (UPDATE leads l SET (" MERGED_COLUMNS ") = (" MERGED_FROM("n.") "),"
    "   updated_at = now() FROM n WHERE l.workspace_id = $1::uuid AND l.id = n.id"
    "   AND (" MERGED_FROM("l.") ") IS DISTINCT FROM (" MERGED_FROM("n.") ") RETURNING l.id)"
    " SELECT n.ord, n.id FROM n");
// clang-format on

static const struct kpid_upsert_sql lead_sql = {&insert_leads, &update_leads};

/* Serialises writers of the same phone or e-mail, so that concurrent leads of one person
 * see each other in duplicate detection; locks are taken in one order. */
KPID_DB_STMT(lock_contacts, "SELECT pg_advisory_xact_lock(hashtextextended($1 || k, 0))"
                            " FROM (SELECT DISTINCT k FROM unnest($2::text[]) AS k ORDER BY k) s");

static enum kpid_db_status lock_contacts_of(struct kpid_db *db, const char *workspace_id,
                                            json_t *const *docs, size_t n)
{
    struct kpid_pg_array keys = {0};
    for (size_t i = 0; i < n; i++) {
        static const char *const norms[] = {"phone_norm", "email_norm"};
        for (int k = 0; k < 2 && docs[i] != NULL; k++) {
            const char *norm = json_string_value(json_object_get(docs[i], norms[k]));
            if (norm != NULL)
                kpid_pg_array_add(&keys, norm);
        }
    }
    enum kpid_db_status st = KPID_DB_OK;
    if (keys.count > 0) {
        const char *params[] = {workspace_id, kpid_pg_array_text(&keys)};
        PGresult *res = params[1] ? kpid_db_exec(db, &lock_contacts, 2, params, &st) : NULL;
        if (params[1] == NULL)
            st = KPID_DB_ERROR;
        PQclear(res);
    }
    kpid_pg_array_free(&keys);
    return st;
}

/* Adds the ids of the written items to `all` and, for those whose reaction time could not
 * be computed before the write (a document setting only one of its instants), to `later`. */
static void written_ids(json_t *const *docs, const struct kpid_ingest_item *items, size_t n,
                        struct kpid_pg_array *all, struct kpid_pg_array *later)
{
    for (size_t i = 0; i < n; i++) {
        if (docs[i] == NULL || items[i].id[0] == '\0')
            continue;
        kpid_pg_array_add(all, items[i].id);
        bool created = json_object_get(docs[i], "created_at") != NULL;
        bool contacted = json_object_get(docs[i], "first_contact_at") != NULL;
        if (created != contacted)
            kpid_pg_array_add(later, items[i].id);
    }
}

/* Writes the decoded documents (NULL for invalid items) and derives what they change. */
static enum kpid_db_status write_docs(struct kpid_db *db, const char *workspace_id, json_t **docs,
                                      struct kpid_ingest_item *items, size_t n)
{
    struct kpid_settings s;
    enum kpid_db_status st = kpid_settings_load(db, workspace_id, &s);
    if (st != KPID_DB_OK)
        return st;
    if ((st = lock_contacts_of(db, workspace_id, docs, n)) == KPID_DB_OK &&
        (st = kpid_reaction_of_docs(db, &s, docs, n)) == KPID_DB_OK)
        st = kpid_upsert(db, workspace_id, &lead_sql, s.target_regions_sql, docs, items, n);
    struct kpid_pg_array all = {0}, later = {0};
    if (st == KPID_DB_OK)
        written_ids(docs, items, n, &all, &later);
    if (st == KPID_DB_OK && all.count > 0) {
        const char *ids = kpid_pg_array_text(&all);
        const char *reaction = later.count ? kpid_pg_array_text(&later) : NULL;
        bool built = ids != NULL && (reaction != NULL || later.count == 0);
        st = built ? kpid_lead_derive(db, workspace_id, &s, ids, reaction) : KPID_DB_ERROR;
    }
    kpid_pg_array_free(&all);
    kpid_pg_array_free(&later);
    kpid_settings_clear(&s);
    return st;
}

KPID_DB_STMT(fetch_lead, "SELECT " KPID_LEAD_COLUMNS
                         " FROM leads l WHERE l.workspace_id = $1::uuid AND l.id = $2::uuid");

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
