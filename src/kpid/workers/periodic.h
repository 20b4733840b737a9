/* kpid's background facility: a thread that runs one job every interval, or sooner when woken,
 * and stops cleanly (the job in progress finishes first). */
#ifndef KPID_WORKERS_PERIODIC_H
#define KPID_WORKERS_PERIODIC_H

#include <stdbool.h>

struct kpid_periodic;

/* The job; ctx as given to kpid_periodic_start. */
typedef void (*kpid_periodic_fn)(struct kpid_periodic *w, void *ctx);

/* Starts a thread running fn(ctx) every interval_s seconds; NULL when it cannot start. */
struct kpid_periodic *kpid_periodic_start(unsigned interval_s, kpid_periodic_fn fn, void *ctx);

/* Runs the job as soon as the thread is free, without waiting out the interval. */
void kpid_periodic_wake(struct kpid_periodic *w);

/* Whether a stop was asked for: a long job checks it between steps. */
bool kpid_periodic_stopping(struct kpid_periodic *w);

/* Stops the thread (after the job in progress) and frees w; NULL does nothing. */
void kpid_periodic_stop(struct kpid_periodic *w);

#endif
