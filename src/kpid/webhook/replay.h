/* Replaying inbox events: one by its id, with its source's current field map. */
#ifndef KPID_WEBHOOK_REPLAY_H
#define KPID_WEBHOOK_REPLAY_H

#include "kpid/store/db.h"

#include <jansson.h>

enum kpid_replay_outcome {
    KPID_REPLAY_MISSING, /* the workspace has no such event */
    KPID_REPLAY_MAPPED,
    KPID_REPLAY_FAILED,
    KPID_REPLAY_ERASED, /* its body went with a lead it wrote (lead_erase.sql): nothing to map */
};

/*
 * Inside the caller's transaction: locks the event, maps it again with its source's current
 * field map and records the outcome (see kpid_webhook_process, whose savepoint keeps a
 * refused event from undoing anything else). On KPID_DB_OK *outcome says what happened and,
 * unless the event is missing or erased, *reply is the outcome's JSON (owned by the caller).
 */
enum kpid_db_status kpid_webhook_replay(struct kpid_db *db, const char *workspace_id,
                                        const char *event_id, json_t **reply,
                                        enum kpid_replay_outcome *outcome);

#endif
