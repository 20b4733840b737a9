/* Stored results kept current in the background: a queue of periods reads asked for, the
 * stale list from the database, and the purge of marks every stored result has seen. */
#include "kpid/kpis/results_refresh.h"

#include "kpid/kpis/stored_results.h"
#include "kpid/log.h"
#include "kpid/store/period_result.h"
#include "kpid/store/db_job.h"
#include "kpid/store/results_stale_mark.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_SIZE 64
#define STALE_BATCH "100" /* periods refreshed per pass, beyond the ones asked for */

struct asked {
    char workspace_id[37];
    char period_id[KPI_PERIOD_TEXT_SIZE];
};

struct kpid_results_refresh {
    struct kpid_db_job *job; /* its own connection: refreshing never takes one from requests */
    pthread_mutex_t lock; /* guards the queue */
    struct asked queue[QUEUE_SIZE];
    size_t queued;
};

/* Refreshes one period; failures are logged and left for the next pass. */
static void refresh_one(struct kpid_db *db, const char *workspace_id, const char *period_id)
{
    kpi_period p;
    if (kpi_period_parse(period_id, &p, NULL) != KPI_OK)
        return;
    enum kpid_db_status st = kpid_stored_results_refresh(db, workspace_id, &p);
    if (st != KPID_DB_OK)
        kpid_log(KPID_LOG_WARN, "refreshing the results of %s in workspace %s failed (%d)",
                 period_id, workspace_id, (int)st);
}

/* The periods reads asked for since the last pass. */
static void refresh_asked(struct kpid_results_refresh *r, struct kpid_periodic *w,
                          struct kpid_db *db)
{
    struct asked batch[QUEUE_SIZE];
    pthread_mutex_lock(&r->lock);
    size_t n = r->queued;
    memcpy(batch, r->queue, n * sizeof batch[0]);
    r->queued = 0;
    pthread_mutex_unlock(&r->lock);
    for (size_t i = 0; i < n && !kpid_periodic_stopping(w); i++)
        refresh_one(db, batch[i].workspace_id, batch[i].period_id);
}

static void refresh_stale(struct kpid_periodic *w, struct kpid_db *db)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_period_result_stale_list(db, STALE_BATCH, &st);
    if (res == NULL)
        return;
    for (int i = 0; i < kpid_result_rows(res) && !kpid_periodic_stopping(w); i++)
        refresh_one(db, kpid_result_text(res, i, "workspace_id"),
                    kpid_result_text(res, i, "period_id"));
    kpid_result_free(res);
}

static void pass(struct kpid_db *db, struct kpid_periodic *w, void *ctx)
{
    refresh_asked(ctx, w, db);
    refresh_stale(w, db);
    kpid_store_results_stale_mark_purge(db);
}

struct kpid_results_refresh *kpid_results_refresh_start(const char *database_url,
                                                        unsigned interval_s)
{
    struct kpid_results_refresh *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    pthread_mutex_init(&r->lock, NULL);
    if ((r->job = kpid_db_job_start(database_url, interval_s, pass, r)) == NULL) {
        pthread_mutex_destroy(&r->lock);
        free(r);
        return NULL;
    }
    return r;
}

void kpid_results_refresh_request(struct kpid_results_refresh *r, const char *workspace_id,
                                  const char *period_id)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&r->lock);
    bool queued = false;
    for (size_t i = 0; i < r->queued && !queued; i++)
        queued = strcmp(r->queue[i].workspace_id, workspace_id) == 0 &&
                 strcmp(r->queue[i].period_id, period_id) == 0;
    if (!queued && r->queued < QUEUE_SIZE) {
        struct asked *a = &r->queue[r->queued++];
        snprintf(a->workspace_id, sizeof a->workspace_id, "%s", workspace_id);
        snprintf(a->period_id, sizeof a->period_id, "%s", period_id);
    }
    pthread_mutex_unlock(&r->lock);
    kpid_db_job_wake(r->job);
}

void kpid_results_refresh_stop(struct kpid_results_refresh *r)
{
    if (r == NULL)
        return;
    kpid_db_job_stop(r->job);
    pthread_mutex_destroy(&r->lock);
    free(r);
}
