/* The retry schedule of fetch-back, a pure function. */
#ifndef KPID_WORKERS_FETCH_SCHEDULE_H
#define KPID_WORKERS_FETCH_SCHEDULE_H

/*
 * The delay before the next fetch after `attempts` failed ones: base_ms doubled per earlier
 * attempt up to max_ms, times a jitter factor from [0.5, 1) (jitter in [0, 1) picks it, so
 * that many deliveries failed at once do not come back at once), and never less than the
 * CRM's Retry-After (retry_after_s, 0 when none).
 */
unsigned long long kpid_fetch_delay_ms(unsigned base_ms, unsigned max_ms, unsigned attempts,
                                       long retry_after_s, double jitter);

#endif
