/* The lead write path shared by POST /v1/leads, its batch form, PATCH and the webhook mapper:
 * validation, normalisation, upsert on (source, external_id) and the derived fields. */
#ifndef KPID_INGEST_LEAD_WRITE_H
#define KPID_INGEST_LEAD_WRITE_H

#include "kpid/store/db.h"
#include "kpid/ingest/item.h"

#include <jansson.h>
#include <stddef.h>

/*
 * Checks one lead object without touching the database: required channel and created_at,
 * types, lengths, RFC 3339 timestamps with an offset, contact/attributes objects, unknown
 * members. Appends {field: prefix + "/member", message} errors; returns how many.
 * Read-only members of the Lead representation (id, valid, duplicate_of, stage,
 * ingested_at, updated_at, erased_at, reaction_minutes) are accepted and ignored, so a
 * GET body can be posted back.
 */
size_t kpid_lead_validate(const json_t *lead, const char *prefix, json_t *errors);

/*
 * Validates and upserts n leads of `workspace_id` inside the caller's open transaction on
 * db (set-based: a handful of statements whatever n is). Each item's outcome is set; an
 * INVALID item is skipped and the others are written. A lead with an external_id that
 * already exists for its source (default "api") is updated in place and keeps its id; a
 * re-post of identical data changes nothing, not even updated_at. Derived fields
 * (phone_norm, email_norm, valid, duplicate_of, stage, reaction_minutes) are computed for
 * the written rows from the workspace settings, and duplicate detection of later leads
 * sharing their phone or e-mail is brought up to date.
 * Returns KPID_DB_OK, or the database failure to end the transaction with (then the
 * outcomes are meaningless). A caller whose transaction may run again (kpid_http_write
 * reruns it after a serialization failure) empties the items' errors arrays first.
 */
enum kpid_db_status kpid_leads_write(struct kpid_db *db, const char *workspace_id,
                                     struct kpid_ingest_item *items, size_t n);

/*
 * Applies a JSON merge patch (item->input) to the lead `id`: checked as a patch (nothing
 * required; source and external_id cannot change), present members replace, null clears,
 * the derived fields are recomputed. Sets item->outcome to INVALID (errors appended) or
 * UPDATED; item->id stays empty when the workspace has no such lead.
 */
enum kpid_db_status kpid_lead_patch(struct kpid_db *db, const char *workspace_id, const char *id,
                                    struct kpid_ingest_item *item);

/* The lead as GET /v1/leads/{id} shows it (*out owned by the caller), or *out = NULL when
 * the workspace has no such lead. */
enum kpid_db_status kpid_lead_fetch(struct kpid_db *db, const char *workspace_id, const char *id,
                                    json_t **out);

#endif
