/* Reporting roles in the database: src/kpid/store/sql/reporting_*.sql and the connection
 * string a BI tool logs in with. */
#ifndef KPID_STORE_REPORTING_H
#define KPID_STORE_REPORTING_H

#include "kpid/store/db.h"

#include <stddef.h>

/* Creates the workspace's reporting role with this password, or sets the password of the one
 * it has; role receives its name ("" when there is no such workspace). */
enum kpid_db_status kpid_store_reporting_grant(struct kpid_db *db, const char *workspace,
                                               const char *password, char *role, size_t size);

/* Drops the workspace's reporting role; role receives its name ("" when it had none). */
enum kpid_db_status kpid_store_reporting_revoke(struct kpid_db *db, const char *workspace,
                                                char *role, size_t size);

/* A postgresql:// URL logging in as role with password to the host, port and database db is
 * connected to (a Unix socket directory goes in ?host=). */
void kpid_store_reporting_url(struct kpid_db *db, const char *role, const char *password,
                              char *out, size_t size);

#endif
