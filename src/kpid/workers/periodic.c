/* A job thread on a monotonic-clock timer, woken early by kpid_periodic_wake. */
#include "kpid/workers/periodic.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct kpid_periodic {
    unsigned interval_s;
    kpid_periodic_fn fn;
    void *ctx;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool woken, stop;
    pthread_t thread;
};

bool kpid_periodic_stopping(struct kpid_periodic *w)
{
    pthread_mutex_lock(&w->lock);
    bool stop = w->stop;
    pthread_mutex_unlock(&w->lock);
    return stop;
}

static void *run(void *arg)
{
    struct kpid_periodic *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += w->interval_s;
        while (!w->stop && !w->woken && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
            ;
        if (w->stop)
            break;
        w->woken = false;
        pthread_mutex_unlock(&w->lock);
        w->fn(w, w->ctx);
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static void periodic_free(struct kpid_periodic *w)
{
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

struct kpid_periodic *kpid_periodic_start(unsigned interval_s, kpid_periodic_fn fn, void *ctx)
{
    struct kpid_periodic *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    *w = (struct kpid_periodic){.interval_s = interval_s, .fn = fn, .ctx = ctx};
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&w->lock, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        periodic_free(w);
        return NULL;
    }
    return w;
}

static void signal_with(struct kpid_periodic *w, bool stop)
{
    pthread_mutex_lock(&w->lock);
    w->woken = true;
    w->stop = w->stop || stop;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

void kpid_periodic_wake(struct kpid_periodic *w)
{
    signal_with(w, false);
}

void kpid_periodic_stop(struct kpid_periodic *w)
{
    if (w == NULL)
        return;
    signal_with(w, true);
    pthread_join(w->thread, NULL);
    periodic_free(w);
}
