/* Applies the migrations compiled into kpid, each in its own transaction, and checks that
 * no applied migration has changed since. */
#ifndef KPID_STORE_MIGRATE_H
#define KPID_STORE_MIGRATE_H

#include <stddef.h>

struct kpid_db;

/* Applies every pending migration. Returns 0, or -1 with a message in err (a changed
 * migration, a failing one, or no database). Safe to run from several processes at once. */
int kpid_migrate(struct kpid_db *db, char *err, size_t err_size);

/* 1 when every migration is applied unchanged, 0 when some are pending, -1 on a changed
 * migration or a database error (message in err). */
int kpid_migrations_current(struct kpid_db *db, char *err, size_t err_size);

#endif
