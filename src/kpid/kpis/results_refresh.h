/* The refresh of stored results on kpid's background worker: every interval, and at once when
 * a read found a period's results stale or not kept yet. */
#ifndef KPID_KPIS_RESULTS_REFRESH_H
#define KPID_KPIS_RESULTS_REFRESH_H

struct kpid_results_refresh;

/* Starts refreshing, with a database connection of its own, every interval_s seconds: the
 * periods asked for, then every open period whose stored results are stale (the longest
 * waiting first), then the marks no stored results need any more. NULL when it cannot. */
struct kpid_results_refresh *kpid_results_refresh_start(const char *database_url,
                                                        unsigned interval_s);

/* Asks for the period's results to be kept and refreshed now. Never waits for the database;
 * a request that finds the queue full is dropped (the next read asks again). NULL r does
 * nothing. */
void kpid_results_refresh_request(struct kpid_results_refresh *r, const char *workspace_id,
                                  const char *period_id);

/* Stops (after the period in progress) and frees; NULL does nothing. */
void kpid_results_refresh_stop(struct kpid_results_refresh *r);

#endif
