/* The count limits: how many KPIs, scorecards and sources a workspace may have. */
#ifndef KPID_LIMITS_COUNTS_H
#define KPID_LIMITS_COUNTS_H

#include "kpid/store/db.h"
#include "kpid/http/request.h"
#include "kpid/http/write.h"

#include <stdbool.h>

enum kpid_counted { KPID_COUNT_KPIS, KPID_COUNT_SCORECARDS, KPID_COUNT_SOURCES };

/*
 * Inside a write transaction, before creating the row called `key` (a code or a name):
 * serialises the workspace's creates of this kind, and when the row does not exist yet and
 * the workspace already has its limit of them, fills *out with the 422 limit-exceeded
 * problem and sets *refused. Replacing an existing row is never refused.
 */
enum kpid_db_status kpid_limits_count_check(struct kpid_db *db, const struct kpid_request *req,
                                            enum kpid_counted what, const char *key,
                                            struct kpid_write_result *out, bool *refused);

#endif
