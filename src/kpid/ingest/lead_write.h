/* The lead resource: its write path (validation, normalisation, upsert on (source,
 * external_id), derived fields) for POST /v1/leads, its batch form, PATCH, GET and the
 * webhook mapper. */
#ifndef KPID_INGEST_LEAD_WRITE_H
#define KPID_INGEST_LEAD_WRITE_H

#include "kpid/ingest/lead_fields.h"
#include "kpid/ingest/resource.h"
#include "kpid/ingest/settings.h"

/*
 * Leads: required channel and created_at, RFC 3339 timestamps with an offset, contact and
 * attributes objects. A write locks the workspace's lead writers (a single lead only its
 * contacts), stores phone_norm / email_norm, and computes valid, duplicate_of, stage and
 * reaction_minutes from the workspace settings, bringing duplicate detection of later
 * leads sharing a phone or e-mail up to date; a re-post of identical data changes nothing,
 * not even updated_at. A patch cannot change source or external_id.
 */
extern const struct kpid_ingest_resource kpid_lead_resource;

/*
 * Recomputes valid, duplicate_of and stage of the leads in `ids` (a uuid[] literal) and of
 * the later leads sharing their normalised phone or e-mail within the dedupe window, by the
 * settings `s`; with `reaction_ids` (a uuid[] literal), reaction_minutes of those leads too.
 * Rows that change get a new updated_at.
 */
enum kpid_db_status kpid_lead_derive(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_settings *s, const char *ids,
                                     const char *reaction_ids);

/* Digits of a phone when it has 10-15 of them, else NULL (caller frees). */
char *kpid_phone_norm(const char *phone);

/* A trimmed, lower-cased e-mail with a local part, '@' and a dotted domain, else NULL. */
char *kpid_email_norm(const char *email);

#endif
