/* Webhook sources in the database: one function per statement of src/kpid/store/sql/source_*.sql.
 */
#ifndef KPID_STORE_SOURCE_H
#define KPID_STORE_SOURCE_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/*
 * A source as written. What becomes of each credential is a mode: "keep" the stored one,
 * "clear" it or "set" it to the value given; a new secret moves the current one to
 * previous_secret, where it is still accepted until the next change or until
 * previous_mode "clear" ends the rotation.
 */
struct kpid_source_input {
    const char *name;
    const char *payload;    /* "json" or "form" */
    const char *target;     /* "lead" (NULL) or "deal" */
    const char *secret;     /* may be NULL */
    const char *token_hash; /* hex SHA-256 of the token; may be NULL */
    const char *field_map;  /* JSON text */
    const char *preset;     /* "generic" (NULL) or another of kpid_source_presets */
    const char *basic_username, *basic_password_hash; /* HTTP Basic; both or neither */
    const char *secret_mode, *token_mode, *previous_mode, *basic_mode;
    const char *fetch_mode, *fetch_token_mode; /* the fetch settings and the fetch token */
    const char *fetch_url, *fetch_token, *fetch_allow_http; /* fetch_allow_http "t"/"f" */
};

/*
 * The columns of a source's representation, which the list, get, insert and upsert return:
 * id, name, payload, target, preset, signed, rotating, token_set, basic_auth_set (whether a
 * secret, a previous secret, a token and Basic credentials are set), field_map, created_at,
 * updated_at, the inbox counts, fetch_url, fetch_allow_http and fetch_token_set.
 */

/* One page by (name, id); filter is unused (NULL). */
kpid_result *kpid_store_source_list(struct kpid_db *db, const char *workspace_id,
                                    const struct kpid_store_page *page, const void *filter,
                                    enum kpid_db_status *status);

/* The source called name: no row or one. */
kpid_result *kpid_store_source_get(struct kpid_db *db, const char *workspace_id, const char *name,
                                   enum kpid_db_status *status);

/*
 * Creates the source or, when its name is taken, replaces that source (replace true; the modes
 * say what becomes of its secret and token) or leaves it alone (replace false: no row). The
 * row has the representation's columns, `created` and `can_authenticate` (a secret or a
 * token is set).
 */
kpid_result *kpid_store_source_save(struct kpid_db *db, const char *workspace_id,
                                    const struct kpid_source_input *source, bool replace,
                                    enum kpid_db_status *status);

/*
 * The source with this id in any workspace, as a delivery needs it: no row, or one with
 * workspace_id, name, payload, target, preset, secret, previous_secret, token_hash,
 * basic_auth_username, basic_auth_password_hash, field_map and fetches (a fetch URL is set).
 */
kpid_result *kpid_store_source_find_by_id(struct kpid_db *db, const char *source_id,
                                          enum kpid_db_status *status);

/* Every source of every workspace with its inbox counts: workspace (its name), name,
 * mapped_events, failed_events, pending_fetch_events; for /metrics. */
kpid_result *kpid_store_source_list_counts(struct kpid_db *db, enum kpid_db_status *status);

#endif
