/* Reaction time: working minutes from a lead's created_at to its first_contact_at by the
 * workspace calendar, computed with libkpi on local wall-clock times PostgreSQL converts. */
#ifndef KPID_INGEST_REACTION_H
#define KPID_INGEST_REACTION_H

#include "kpid/store/db.h"
#include "kpid/ingest/settings.h"

#include <jansson.h>
#include <stddef.h>

/*
 * Recomputes and stores reaction_minutes (NULL when not contacted) of the leads in `ids`
 * (a uuid[] literal) or, with ids NULL, of every contacted lead of the workspace; rows
 * whose value changes get a new updated_at. Two statements whatever the count.
 */
enum kpid_db_status kpid_reaction_update(struct kpid_db *db, const char *workspace_id,
                                         const struct kpid_settings *s, const char *ids);

/*
 * Adds "reaction_minutes" to each of the n lead documents (NULL entries skipped) that sets
 * both created_at and first_contact_at, so that the row is written with it; the others
 * need kpid_reaction_update once written. One query whatever n is.
 */
enum kpid_db_status kpid_reaction_of_docs(struct kpid_db *db, const struct kpid_settings *s,
                                          json_t *const *docs, size_t n);

#endif
