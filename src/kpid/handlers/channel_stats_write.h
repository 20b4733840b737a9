/* A channel record's input: its field table, the checks beyond it, and its upsert; shared by
 * the JSON, batch and CSV forms of POST /v1/channel-stats. */
#ifndef KPID_HANDLERS_CHANNEL_STATS_WRITE_H
#define KPID_HANDLERS_CHANNEL_STATS_WRITE_H

#include "kpid/handlers/fields_batch.h"

/* The record's members (the representation's read-only ones accepted and ignored). */
extern const struct kpid_field kpid_channel_stats_spec[];
extern const size_t kpid_channel_stats_spec_n;

/* Free counters: `counters` is an object of at most KPID_FREE_COUNTERS_MAX members named by
 * 1 to 64 characters (no control character, / or ~), each a whole number from 0 to 10^15. */
#define KPID_FREE_COUNTERS_MAX 50
size_t kpid_channel_stats_check(const struct kpid_fields *f, const char *prefix, json_t *errors);

/* Whether `name` may name a free counter. */
bool kpid_free_counter_name_ok(const char *name);

/* Creates or merges the decoded record (see kpid_store_channel_stats_upsert). */
enum kpid_db_status kpid_channel_stats_upsert(struct kpid_db *db, const char *workspace_id,
                                              const struct kpid_fields *f, json_t **row,
                                              bool *created);

/* The batch form: kpid_channel_stats_spec, kpid_channel_stats_check and the upsert. */
extern const struct kpid_fields_batch kpid_channel_stats_batch;

#endif
