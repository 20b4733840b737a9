/* Replays one inbox event: reads it and its source's current map, then maps it again. */
#include "kpid/webhook/replay.h"

#include "kpid/json/json_out.h"
#include "kpid/store/webhook_event.h"
#include "kpid/webhook/inbox.h"

#include <stdlib.h>

enum kpid_db_status kpid_webhook_replay(struct kpid_db *db, const char *workspace_id,
                                        const char *event_id, json_t **reply,
                                        enum kpid_replay_outcome *outcome)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_webhook_event_get_for_replay(db, workspace_id, event_id, &st);
    if (res == NULL)
        return st;
    *outcome = KPID_REPLAY_MISSING;
    if (kpid_result_rows(res) > 0 && kpid_result_bool(res, 0, "erased"))
        *outcome = KPID_REPLAY_ERASED;
    if (kpid_result_rows(res) == 0 || *outcome == KPID_REPLAY_ERASED) {
        kpid_result_free(res);
        return KPID_DB_OK;
    }
    size_t len = 0;
    char *body = kpid_result_bytes(res, 0, "body", &len);
    json_t *map = kpid_json_parse(kpid_result_text(res, 0, "field_map"));
    struct kpid_webhook_source src = {.workspace_id = workspace_id,
                                      .name = kpid_result_text(res, 0, "source_name"),
                                      .field_map = map,
                                      .received_at = kpid_result_text(res, 0, "received_at")};
    kpid_webhook_source_kinds(&src, kpid_result_text(res, 0, "payload"),
                              kpid_result_text(res, 0, "target"));
    bool mapped = false;
    st = body == NULL ? KPID_DB_ERROR
                      : kpid_webhook_process(db, &src, event_id, body, len, reply, &mapped);
    if (st == KPID_DB_OK)
        *outcome = mapped ? KPID_REPLAY_MAPPED : KPID_REPLAY_FAILED;
    free(body);
    json_decref(map);
    kpid_result_free(res);
    return st;
}
