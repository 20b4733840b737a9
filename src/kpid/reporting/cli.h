/* `kpid reporting grant|revoke --workspace NAME`: a workspace's read-only database role for
 * BI tools. */
#ifndef KPID_REPORTING_CLI_H
#define KPID_REPORTING_CLI_H

#include "kpid/store/db.h"

/* Runs `grant` or `revoke` (argv[0]) with --workspace NAME on an open, migrated connection;
 * grant prints the role's connection string (with its new password, shown only here).
 * Returns the exit status: 0, 1 (no such workspace or role, database) or 2 (usage). */
int kpid_reporting_cli(struct kpid_db *db, int argc, char **argv);

#endif
