/* Writes leads: decoded by their member list, the workspace or contacts locked, upserted
 * set-based with validity, duplicate, stage and reaction time, the rest derived after. */
#include "kpid/ingest/lead_write.h"

#include "kpid/ingest/pg_array.h"
#include "kpid/ingest/pg_records.h"
#include "kpid/ingest/reaction.h"
#include "kpid/json/fields.h"
#include "kpid/store/lead.h"
#include "kpid/store/table_stats.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *kpid_phone_norm(const char *phone)
{
    char digits[64];
    size_t n = 0;
    for (const char *p = phone; *p != '\0' && n < sizeof digits - 1; p++)
        if (isdigit((unsigned char)*p))
            digits[n++] = *p;
    digits[n] = '\0';
    return n >= 10 && n <= 15 ? strdup(digits) : NULL;
}

char *kpid_email_norm(const char *email)
{
    while (isspace((unsigned char)*email))
        email++;
    size_t n = strlen(email);
    while (n > 0 && isspace((unsigned char)email[n - 1]))
        n--;
    char *norm = strndup(email, n);
    if (norm == NULL)
        return NULL;
    for (char *p = norm; *p != '\0'; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *at = strrchr(norm, '@');
    const char *dot = at ? strchr(at + 1, '.') : NULL;
    bool usable = at != NULL && at > norm && dot != NULL && dot > at + 1 && dot[1] != '\0' &&
                  norm[n - 1] != '.' && strpbrk(norm, " \t\r\n") == NULL;
    if (!usable) {
        free(norm);
        return NULL;
    }
    return norm;
}

/* Sets a normalised contact when its source column is in the document. */
static void set_norm(json_t *doc, const char *column, const char *source_column, const char *value,
                     char *(*normalise)(const char *))
{
    if (json_object_get(doc, source_column) == NULL)
        return;
    char *norm = value ? normalise(value) : NULL;
    json_object_set_new(doc, column, norm ? json_string(norm) : json_null());
    free(norm);
}

static void derive_norms(json_t *doc, const struct kpid_fields *f)
{
    set_norm(doc, "phone_norm", "contact_phone", kpid_fields_at(f, KPID_LEAD_CONTACT_PHONE),
             kpid_phone_norm);
    set_norm(doc, "email_norm", "contact_email", kpid_fields_at(f, KPID_LEAD_CONTACT_EMAIL),
             kpid_email_norm);
}

/* --- the write ---------------------------------------------------------------------------- */

/* One write's workspace, documents, settings and the rules its statements take from them. */
struct lead_batch {
    struct kpid_db *db;
    const char *workspace_id;
    json_t *const *docs;
    size_t n;
    bool locked; /* the writers' locks are held and the settings loaded */
    struct kpid_settings settings;
    char window[16];
    struct kpid_lead_rules rules;
};

/* The columns a write's lock statement takes its keys from (kpid_lead_lock_keys). */
struct lock_columns {
    struct kpid_pg_array phones, emails, ids, sources, external_ids;
};

/* Adds the string member `name` of `doc` to `to` when it is set. */
static void add_member(struct kpid_pg_array *to, const json_t *doc, const char *name)
{
    const char *value = json_string_value(json_object_get(doc, name));
    if (value != NULL)
        kpid_pg_array_add(to, value);
}

/* What a write locks of `doc`: its phone and e-mail (leads of one person settle their
 * duplicates one writer at a time) and the lead it addresses, by id or natural key (one lead
 * is created once, and changed by one writer at a time); the lock statement adds the stored
 * contacts of that lead. */
static void add_keys(struct lock_columns *c, const json_t *doc)
{
    add_member(&c->phones, doc, "phone_norm");
    add_member(&c->emails, doc, "email_norm");
    const char *id = json_string_value(json_object_get(doc, "id"));
    if (id != NULL && kpid_is_uuid(id))
        kpid_pg_array_add(&c->ids, id);
    const char *external_id = json_string_value(json_object_get(doc, "external_id"));
    if (external_id != NULL) {
        const char *source = json_string_value(json_object_get(doc, "source"));
        kpid_pg_array_add(&c->sources, source ? source : "api");
        kpid_pg_array_add(&c->external_ids, external_id);
    }
}

/* The lock keys of the documents of `batch` (a JSON array), or with NULL of all the write's
 * documents. False when out of memory. */
static bool keys_of(const struct lead_batch *b, const json_t *batch, struct lock_columns *c,
                    struct kpid_lead_lock_keys *keys)
{
    if (batch == NULL) {
        for (size_t i = 0; i < b->n; i++)
            if (b->docs[i] != NULL)
                add_keys(c, b->docs[i]);
    } else {
        size_t i;
        const json_t *doc;
        json_array_foreach(batch, i, doc)
        {
            add_keys(c, doc);
        }
    }
    *keys = (struct kpid_lead_lock_keys){
        kpid_pg_array_text(&c->phones), kpid_pg_array_text(&c->emails), kpid_pg_array_text(&c->ids),
        kpid_pg_array_text(&c->sources), kpid_pg_array_text(&c->external_ids)};
    return keys->phones && keys->emails && keys->ids && keys->sources && keys->external_ids;
}

static void lock_columns_free(struct lock_columns *c)
{
    kpid_pg_array_free(&c->phones);
    kpid_pg_array_free(&c->emails);
    kpid_pg_array_free(&c->ids);
    kpid_pg_array_free(&c->sources);
    kpid_pg_array_free(&c->external_ids);
}

/* Loads the settings from the lock's row (see kpid_store_lead_lock_writers); when the row
 * says the statistics of leads fell behind its growth, has them renewed (table_stats.h). */
static enum kpid_db_status load_settings(struct lead_batch *b, kpid_result *res)
{
    if (kpid_result_rows(res) == 1 && kpid_result_bool(res, 0, "leads_statistics_stale"))
        kpid_table_stats_wake();
    enum kpid_db_status st = kpid_settings_from_result(res, &b->settings);
    kpid_result_free(res);
    if (st != KPID_DB_OK)
        return st;
    b->locked = true;
    snprintf(b->window, sizeof b->window, "%d", b->settings.dedupe_window_days);
    b->rules = (struct kpid_lead_rules){b->settings.target_regions_sql, b->window};
    return KPID_DB_OK;
}

/* What a write statement takes: the insert's documents as an array of lead_staged records,
 * the update's as one JSON text (its documents say which members they change by having
 * them). */
struct staged {
    struct kpid_pg_array records;
    char *docs;
};

/* Stages `batch` for the insert or the update; NULL when out of memory. */
static const char *stage(bool insert, const json_t *batch, struct staged *s)
{
    *s = (struct staged){0};
    if (!insert)
        return s->docs = json_dumps(batch, JSON_COMPACT);
    kpid_pg_records_of(batch, kpid_lead_insert_columns, KPID_LEAD_INSERT_COLUMN_COUNT, &s->records);
    return kpid_pg_array_text(&s->records);
}

static void staged_free(struct staged *s)
{
    kpid_pg_array_free(&s->records);
    free(s->docs);
}

/*
 * Takes the writers' locks, and runs the insert (update) of `batch` (none: only the locks)
 * after them in the same round trip, returning its rows. A write's first lock takes the keys
 * of all its documents and loads the settings; an update locks its documents' keys once more
 * just before it writes, in the same round trip (kpid_store_lead_update).
 */
static kpid_result *lock_and_write(struct lead_batch *b, bool insert, const json_t *batch,
                                   enum kpid_db_status *st)
{
    struct lock_columns columns = {0};
    struct kpid_lead_lock_keys keys;
    struct staged staged = {0};
    const char *staged_text = NULL;
    kpid_result *settings = NULL, *rows = NULL;
    *st = KPID_DB_ERROR;
    if (keys_of(b, b->locked ? batch : NULL, &columns, &keys) &&
        (batch == NULL || (staged_text = stage(insert, batch, &staged)) != NULL))
        rows = insert ? kpid_store_lead_lock_writers(b->db, b->workspace_id, &keys, staged_text,
                                                     &settings, st)
                      : kpid_store_lead_update(b->db, b->workspace_id, &keys, !b->locked,
                                               staged_text, &settings, st);
    lock_columns_free(&columns);
    staged_free(&staged);
    if (*st == KPID_DB_OK && !b->locked)
        *st = load_settings(b, settings);
    else
        kpid_result_free(settings);
    if (*st != KPID_DB_OK) {
        kpid_result_free(rows);
        return NULL;
    }
    return rows;
}

/* Whether a document sets both instants: its reaction time needs the settings before the
 * insert. */
static bool any_timed(json_t *const *docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (docs[i] != NULL && json_object_get(docs[i], "created_at") &&
            json_object_get(docs[i], "first_contact_at"))
            return true;
    return false;
}

/* An insert after the first takes no locks: the first took those of all the documents. */
static kpid_result *upsert_leads(void *ctx, bool insert, const json_t *batch,
                                 enum kpid_db_status *status)
{
    struct lead_batch *b = ctx;
    if (!insert || !b->locked)
        return lock_and_write(b, insert, batch, status);
    struct staged staged;
    const char *records = stage(true, batch, &staged);
    kpid_result *rows =
        records ? kpid_store_lead_insert(b->db, b->workspace_id, records, status) : NULL;
    if (records == NULL)
        *status = KPID_DB_ERROR;
    staged_free(&staged);
    return rows;
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

/* Derives what the upsert could not settle for the written items. */
static enum kpid_db_status derive_written(const struct lead_batch *b, json_t *const *docs,
                                          const struct kpid_ingest_item *items, const bool *flagged,
                                          size_t n)
{
    struct kpid_pg_array ids = {0}, later = {0};
    derive_ids(docs, items, flagged, n, &ids, &later);
    enum kpid_db_status st = KPID_DB_OK;
    if (ids.count > 0) {
        const char *ids_text = kpid_pg_array_text(&ids);
        const char *reaction = later.count ? kpid_pg_array_text(&later) : NULL;
        bool built = ids_text != NULL && (reaction != NULL || later.count == 0);
        st = built ? kpid_lead_derive(b->db, b->workspace_id, &b->settings, ids_text, reaction)
                   : KPID_DB_ERROR;
    }
    kpid_pg_array_free(&ids);
    kpid_pg_array_free(&later);
    return st;
}

static enum kpid_db_status write_leads(struct kpid_db *db, const char *workspace_id, json_t **docs,
                                       struct kpid_ingest_item *items, size_t n)
{
    bool *flagged = calloc(n ? n : 1, sizeof *flagged);
    if (flagged == NULL)
        return KPID_DB_ERROR;
    struct lead_batch b = {.db = db, .workspace_id = workspace_id, .docs = docs, .n = n};
    /* reaction times are computed before the insert, in the workspace's calendar: lock and
     * load first; else the locks go out with the first statement (lock_and_write) */
    enum kpid_db_status st = KPID_DB_OK;
    if (any_timed(docs, n)) {
        lock_and_write(&b, true, NULL, &st);
        if (st == KPID_DB_OK)
            st = kpid_reaction_of_docs(db, &b.settings, docs, n);
    }
    if (st == KPID_DB_OK)
        st = kpid_upsert(upsert_leads, &b, docs, items, n, flagged, &kpid_lead_resource);
    if (st == KPID_DB_OK && b.locked)
        st = derive_written(&b, docs, items, flagged, n);
    kpid_settings_clear(&b.settings);
    free(flagged);
    return st;
}

enum kpid_db_status kpid_lead_derive(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_settings *s, const char *ids,
                                     const char *reaction_ids)
{
    enum kpid_db_status st = KPID_DB_OK;
    if (reaction_ids != NULL &&
        (st = kpid_reaction_update(db, workspace_id, s, reaction_ids)) != KPID_DB_OK)
        return st;
    char window[16];
    snprintf(window, sizeof window, "%d", s->dedupe_window_days);
    const struct kpid_lead_rules rules = {s->target_regions_sql, window};
    return kpid_store_lead_derive(db, workspace_id, ids, &rules);
}

/* --- the resource ------------------------------------------------------------------------- */

static const struct kpid_field lead_spec[] = {KPID_LEAD_FIELDS(KPID_INGEST_SPEC)};
static const struct kpid_ingest_member lead_members[] = {KPID_LEAD_FIELDS(KPID_INGEST_MEMBER)};

const struct kpid_ingest_resource kpid_lead_resource = {
    .noun = "lead",
    .collection = "/v1/leads",
    .spec = lead_spec,
    .members = lead_members,
    .n_members = KPID_LEAD_FIELD_COUNT,
    .derive = derive_norms,
    .write = write_leads,
    .fetch = kpid_store_lead_fetch,
};
