/* Reading and setting a workspace's limits in workspace_limits (the operator's CLI). */
#ifndef KPID_LIMITS_CLI_H
#define KPID_LIMITS_CLI_H

#include "kpid/store/db.h"
#include "kpid/limits/limits.h"

#include <jansson.h>
#include <stdbool.h>

/* Sets the limits named in `changes` ({"max_kpis": 10, "max_sources": null, ...}; null = back
 * to the default) of the workspace called name, then reads all of them back into *out.
 * *found is false when there is no such workspace. */
enum kpid_db_status kpid_limits_store(struct kpid_db *db, const char *name, const json_t *changes,
                                      struct kpid_limits *out, bool *found);

/* `kpid workspace limits --workspace NAME [--max-kpis N|default ...]` on an open connection:
 * prints the workspace's limits as JSON; 0, 1 (database) or 2 (usage). */
int kpid_limits_cli(struct kpid_db *db, int argc, char **argv);

#endif
