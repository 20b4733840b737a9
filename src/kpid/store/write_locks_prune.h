/* Keeps lead_write_locks (migration 0033) small: lead writers insert or lock one row per
 * phone, e-mail and natural key they write and leave it behind; a background pass deletes
 * the rows nobody holds. */
#ifndef KPID_STORE_WRITE_LOCKS_PRUNE_H
#define KPID_STORE_WRITE_LOCKS_PRUNE_H

#include "kpid/store/db_job.h"

/* Starts the pass: every interval_s seconds, on a database connection of its own;
 * kpid_db_job_stop stops it. NULL when it cannot start. */
struct kpid_db_job *kpid_write_locks_prune_start(const char *database_url, unsigned interval_s);

#endif
