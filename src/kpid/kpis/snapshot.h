/* Period snapshots: the results and scorecards frozen when a period is closed, and the
 * restatement that lists how a live computation differs from them. */
#ifndef KPID_KPIS_SNAPSHOT_H
#define KPID_KPIS_SNAPSHOT_H

#include "kpid/store/db.h"

#include <jansson.h>
#include <stdbool.h>

struct kpid_snapshot {
    char as_of[40];     /* PostgreSQL timestamptz text */
    json_t *results;    /* the results array as answered at closing */
    json_t *scorecards; /* the scorecards array */
};

/* Loads the period's snapshot; *found tells whether there is one. Clear with
 * kpid_snapshot_clear. */
enum kpid_db_status kpid_snapshot_load(struct kpid_db *db, const char *workspace_id,
                                       const char *period_id, struct kpid_snapshot *out,
                                       bool *found);

/* Stores (or replaces) the period's snapshot. */
enum kpid_db_status kpid_snapshot_save(struct kpid_db *db, const char *workspace_id,
                                       const char *period_id, const char *as_of,
                                       const json_t *results, const json_t *scorecards);

void kpid_snapshot_clear(struct kpid_snapshot *s);

/*
 * Every difference between two arrays of objects identified by their member `key` ("kpi",
 * "scorecard"): [{key: id, "field": "/fact", "snapshot": ..., "live": ...}], field a JSON
 * pointer inside the object ("" when the object is only on one side).
 */
json_t *kpid_restatement(const json_t *snapshot, const json_t *live, const char *key);

#endif
