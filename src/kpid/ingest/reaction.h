/* Reaction time: working minutes from a lead's created_at to its first_contact_at by the
 * workspace calendar, computed with libkpi on local wall-clock times PostgreSQL converts. */
#ifndef KPID_INGEST_REACTION_H
#define KPID_INGEST_REACTION_H

#include "kpid/db/db.h"
#include "kpid/ingest/settings.h"

/*
 * Recomputes and stores reaction_minutes (NULL when not contacted) of the leads in `ids`
 * (a uuid[] literal) or, with ids NULL, of every contacted lead of the workspace; rows
 * whose value changes get a new updated_at. Two statements whatever the count.
 */
enum kpid_db_status kpid_reaction_update(struct kpid_db *db, const char *workspace_id,
                                         const struct kpid_settings *s, const char *ids);

#endif
