/* Exponential backoff with jitter, bounded below by Retry-After. */
#include "kpid/workers/fetch_schedule.h"

unsigned long long kpid_fetch_delay_ms(unsigned base_ms, unsigned max_ms, unsigned attempts,
                                       long retry_after_s, double jitter)
{
    unsigned long long delay = base_ms;
    for (unsigned i = 0; i < attempts && delay < max_ms; i++)
        delay *= 2;
    if (delay > max_ms)
        delay = max_ms;
    delay = (unsigned long long)((double)delay * (0.5 + jitter / 2));
    unsigned long long floor_ms = retry_after_s > 0 ? (unsigned long long)retry_after_s * 1000 : 0;
    return delay < floor_ms ? floor_ms : delay;
}
