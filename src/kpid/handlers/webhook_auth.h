/* How a webhook delivery proves who sent it: the ways its source's preset accepts. */
#ifndef KPID_HANDLERS_WEBHOOK_AUTH_H
#define KPID_HANDLERS_WEBHOOK_AUTH_H

#include "kpid/http/request.h"
#include "kpid/store/db.h"
#include "kpid/webhook/preset.h"

#include <stdbool.h>

/*
 * Whether the delivery carries a credential of the source (a find_by_id row) in one of the
 * preset's ways, every secret compared in constant time. On success replay_key holds the
 * signature used (a signature is accepted once), or "" when a shared value authenticated.
 */
bool kpid_webhook_authentic(struct kpid_request *req, const kpid_result *source,
                            const struct kpid_preset *preset, char replay_key[65]);

#endif
