/* Statistics of the write-hot tables (leads, deals) kept in step with their growth: a table
 * filled faster than autovacuum analyses it (a workspace's first import) is analysed once it
 * doubled, so that no plan rests on statistics of a table a fraction of its size. */
#ifndef KPID_STORE_TABLE_STATS_H
#define KPID_STORE_TABLE_STATS_H

#include "kpid/store/db_job.h"

/* Starts a thread with a database connection of its own that, every interval_s seconds and
 * when woken, analyses the tables table_stats_stale.sql names. NULL when it cannot start. */
struct kpid_db_job *kpid_table_stats_start(const char *database_url, unsigned interval_s);

/* Wakes the running thread, if any (a writer saw a table's statistics stale). Only while
 * serving: kpid_table_stats_stop comes after the last request. */
void kpid_table_stats_wake(void);

/* Stops the thread (after an ANALYZE under way) and frees it; NULL does nothing. */
void kpid_table_stats_stop(struct kpid_db_job *stats);

#endif
