/* Webhook sources: the statements of src/kpid/store/sql/source_*.sql with named parameters. */
#include "kpid/store/source.h"

KPID_DB_STMT(source_list, "source_list");
KPID_DB_STMT(source_get, "source_get");
KPID_DB_STMT(source_save, "source_save");
KPID_DB_STMT(source_find_by_id, "source_find_by_id");
KPID_DB_STMT(source_list_counts, "source_list_counts");

kpid_result *kpid_store_source_list(struct kpid_db *db, const char *workspace_id,
                                    const struct kpid_store_page *page, const void *filter,
                                    enum kpid_db_status *status)
{
    (void)filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit};
    return kpid_db_exec(db, &source_list, 4, params, status);
}

kpid_result *kpid_store_source_get(struct kpid_db *db, const char *workspace_id, const char *name,
                                   enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, name};
    return kpid_db_exec(db, &source_get, 2, params, status);
}

kpid_result *kpid_store_source_save(struct kpid_db *db, const char *workspace_id,
                                    const struct kpid_source_input *s, bool replace,
                                    enum kpid_db_status *status)
{
    const char *params[] = {workspace_id,        s->name,
                            s->payload,          s->target,
                            s->secret,           s->token_hash,
                            s->field_map,        s->preset,
                            s->basic_username,   s->basic_password_hash,
                            s->secret_mode,      s->token_mode,
                            s->previous_mode,    s->basic_mode,
                            replace ? "t" : "f", s->fetch_mode,
                            s->fetch_token_mode, s->fetch_url,
                            s->fetch_token,      s->fetch_allow_http};
    return kpid_db_exec(db, &source_save, 20, params, status);
}

kpid_result *kpid_store_source_find_by_id(struct kpid_db *db, const char *source_id,
                                          enum kpid_db_status *status)
{
    const char *params[] = {source_id};
    return kpid_db_exec(db, &source_find_by_id, 1, params, status);
}

kpid_result *kpid_store_source_list_counts(struct kpid_db *db, enum kpid_db_status *status)
{
    return kpid_db_exec(db, &source_list_counts, 0, NULL, status);
}
