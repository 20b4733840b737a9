/* Leads: the statements of src/kpid/store/sql/lead_*.sql with named parameters. */
#include "kpid/store/lead.h"

#include "kpid/store/plan_cache.h"
#include "kpid/store/stmt_run.h"

#include <stdio.h>

KPID_DB_STMT(lead_list, "lead_list");
KPID_DB_STMT(lead_fetch, "lead_fetch");
KPID_DB_STMT(lead_find_key, "lead_find_key");
KPID_DB_STMT(lead_lock_writers, "lead_lock_writers");
KPID_DB_STMT(lead_insert, "lead_insert");
KPID_DB_STMT(lead_update, "lead_update");
KPID_DB_STMT(lead_derive, "lead_derive");
KPID_DB_STMT(lead_lock_for_deals, "lead_lock_for_deals");
KPID_DB_STMT(lead_erase, "lead_erase");
KPID_DB_STMT(lead_local_times_docs, "lead_local_times_docs");
KPID_DB_STMT(lead_local_times_of, "lead_local_times_of");
KPID_DB_STMT(lead_local_times_all, "lead_local_times_all");
KPID_DB_STMT(lead_reaction_store, "lead_reaction_store");

kpid_result *kpid_store_lead_list(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_store_page *page, const void *filter,
                                  enum kpid_db_status *status)
{
    const struct kpid_lead_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit, f->from,
                            f->to,        f->channel,      f->valid,       f->stage};
    return kpid_db_exec(db, &lead_list, 9, params, status);
}

kpid_result *kpid_store_lead_fetch(struct kpid_db *db, const char *workspace_id, const char *id,
                                   enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, id};
    return kpid_db_exec(db, &lead_fetch, 2, params, status);
}

const char *const kpid_lead_insert_columns[KPID_LEAD_INSERT_COLUMN_COUNT] = {
    /* the fields of lead_staged (migration 0036), in order */
    "ord",
    "source",
    "external_id",
    "channel",
    "campaign",
    "utm_source",
    "utm_medium",
    "created_at",
    "contact_name",
    "contact_phone",
    "contact_email",
    "phone_norm",
    "email_norm",
    "region",
    "is_valid",
    "invalid_reason",
    "is_sql",
    "is_brand",
    "first_contact_at",
    "meeting_at",
    "proposal_at",
    "lost_at",
    "lost_reason",
    "attributes",
    "reaction_minutes"};

/* Runs the writers' lock `locks` times (1 or 2) on its generic plan (planning it for each
 * call's arrays took about 0.5 ms, three times what it takes to run, and with auto the server
 * kept choosing to), then `then` over `docs` (its second parameter, after the workspace) when
 * given, on the generic plan too with `generic_then`, in one round trip. *settings is the last
 * lock's row. */
static enum kpid_db_status lock_then(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_lead_lock_keys *keys, int locks,
                                     struct kpid_db_stmt *then, const char *docs, bool generic_then,
                                     PGresult **settings, PGresult **rows)
{
    const char *lock[] = {workspace_id, keys->phones,  keys->emails,
                          keys->ids,    keys->sources, keys->external_ids};
    const char *write[] = {workspace_id, docs};
    struct kpid_db_call calls[5] = {{&kpid_plan_cache_generic, 0, NULL}};
    int n = 1, written = -1;
    for (int i = 0; i < locks; i++)
        calls[n++] = (struct kpid_db_call){&lead_lock_writers, 6, lock};
    if (docs != NULL && generic_then)
        calls[written = n++] = (struct kpid_db_call){then, 2, write};
    calls[n++] = (struct kpid_db_call){&kpid_plan_cache_auto, 0, NULL};
    if (docs != NULL && !generic_then)
        calls[written = n++] = (struct kpid_db_call){then, 2, write};
    PGresult *res[5] = {NULL};
    enum kpid_db_status st = kpid_db_exec_pipelined(db, calls, n, res);
    *settings = res[locks];
    *rows = written >= 0 ? res[written] : NULL;
    for (int i = 0; i < n; i++)
        if (res[i] != *settings && res[i] != *rows)
            PQclear(res[i]);
    return st;
}

kpid_result *kpid_store_lead_lock_writers(struct kpid_db *db, const char *workspace_id,
                                          const struct kpid_lead_lock_keys *keys,
                                          const char *records, kpid_result **settings,
                                          enum kpid_db_status *status)
{
    PGresult *inserted;
    /* with auto, the server planned the insert of an array of records anew for every call
     * (0.7 ms, as long as a group of four posts takes to run); its shape is index probes
     * whatever the plan, and the generic one ran a 1000-lead batch faster (66 against 79 ms) */
    *status =
        lock_then(db, workspace_id, keys, 1, &lead_insert, records, true, settings, &inserted);
    return inserted;
}

kpid_result *kpid_store_lead_insert(struct kpid_db *db, const char *workspace_id,
                                    const char *records, enum kpid_db_status *status)
{
    /* on the generic plan, as after the lock (kpid_store_lead_lock_writers) */
    const char *params[] = {workspace_id, records};
    return kpid_plan_cache_exec_generic(db, &lead_insert, 2, params, &kpid_plan_cache_auto, status);
}

kpid_result *kpid_store_lead_update(struct kpid_db *db, const char *workspace_id,
                                    const struct kpid_lead_lock_keys *keys, bool first,
                                    const char *docs, kpid_result **settings,
                                    enum kpid_db_status *status)
{
    PGresult *updated;
    *status = lock_then(db, workspace_id, keys, first ? 2 : 1, &lead_update, docs, false, settings,
                        &updated);
    return updated;
}

enum kpid_db_status kpid_store_lead_derive(struct kpid_db *db, const char *workspace_id,
                                           const char *ids, const struct kpid_lead_rules *rules)
{
    const char *params[] = {workspace_id, ids, rules->dedupe_window_days, rules->target_regions};
    return kpid_store_exec_status(db, &lead_derive, 4, params);
}

enum kpid_db_status kpid_store_lead_lock_for_deals(struct kpid_db *db, const char *workspace_id,
                                                   const char *ids)
{
    const char *params[] = {workspace_id, ids};
    return kpid_store_exec_status(db, &lead_lock_for_deals, 2, params);
}

enum kpid_db_status kpid_store_lead_erase(struct kpid_db *db, const char *workspace_id,
                                          const char *id, bool *found)
{
    const char *params[] = {workspace_id, id};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &lead_erase, 2, params, &st);
    *found = res != NULL && PQntuples(res) > 0;
    PQclear(res);
    return st;
}

enum kpid_db_status kpid_store_lead_find_key(struct kpid_db *db, const char *workspace_id,
                                             const char *source, const char *external_id,
                                             char id[37])
{
    const char *params[] = {workspace_id, source, external_id};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &lead_find_key, 3, params, &st);
    id[0] = '\0';
    if (res != NULL && PQntuples(res) > 0)
        snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return st;
}

kpid_result *kpid_store_lead_local_times_docs(struct kpid_db *db, const char *timezone,
                                              const char *docs, enum kpid_db_status *status)
{
    const char *params[] = {timezone, docs};
    return kpid_db_exec(db, &lead_local_times_docs, 2, params, status);
}

kpid_result *kpid_store_lead_local_times(struct kpid_db *db, const char *workspace_id,
                                         const char *timezone, const char *ids,
                                         enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, timezone, ids};
    return ids ? kpid_db_exec(db, &lead_local_times_of, 3, params, status)
               : kpid_db_exec(db, &lead_local_times_all, 2, params, status);
}

enum kpid_db_status kpid_store_lead_reaction_store(struct kpid_db *db, const char *workspace_id,
                                                   const char *ids, const char *minutes)
{
    const char *params[] = {workspace_id, ids, minutes};
    return kpid_store_exec_status(db, &lead_reaction_store, 3, params);
}
