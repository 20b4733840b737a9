/* Fetch-back workers: each thread claims a due pending_fetch event (FOR UPDATE SKIP LOCKED,
 * so several kpid instances share the work), fetches its records outside any transaction,
 * then maps and records the outcome, schedules a retry, or gives up. */
#include "kpid/workers/fetch_worker.h"

#include "kpid/config.h"
#include "kpid/json/json_out.h"
#include "kpid/log.h"
#include "kpid/store/db.h"
#include "kpid/store/webhook_event.h"
#include "kpid/webhook/inbox.h"
#include "kpid/webhook/preset.h"
#include "kpid/workers/fetch_crm.h"
#include "kpid/workers/fetch_schedule.h"

#include <openssl/rand.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ERROR_MAX 1000

struct kpid_fetch_workers {
    struct kpid_fetch_config cfg;
    struct kpid_db_pool *pool; /* one connection per worker: requests never wait for them */
    atomic_bool stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t *threads;
    unsigned started;
};

int kpid_fetch_config_load(struct kpid_fetch_config *cfg, char *err, size_t err_size)
{
    const struct {
        const char *name;
        unsigned long long def, min, max;
        unsigned *out;
    } settings[] = {
        {"KPID_FETCH_WORKERS", 2, 1, 64, &cfg->workers},
        {"KPID_FETCH_PER_SOURCE", 2, 1, 64, &cfg->per_source},
        {"KPID_FETCH_CONNECT_TIMEOUT_MS", 5000, 100, 60000, &cfg->connect_timeout_ms},
        {"KPID_FETCH_TIMEOUT_MS", 15000, 100, 300000, &cfg->timeout_ms},
        {"KPID_FETCH_RETRY_BASE_MS", 5000, 10, 3600000, &cfg->retry_base_ms},
        {"KPID_FETCH_RETRY_MAX_MS", 600000, 10, 86400000, &cfg->retry_max_ms},
        {"KPID_FETCH_GIVE_UP_SECONDS", 86400, 1, 30 * 86400, &cfg->give_up_s},
        {"KPID_FETCH_POLL_MS", 1000, 10, 60000, &cfg->poll_ms},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        unsigned long long v;
        if (kpid_config_read_unsigned(settings[i].name, settings[i].def, settings[i].min,
                                      settings[i].max, &v, err, err_size) != 0)
            return -1;
        *settings[i].out = (unsigned)v;
    }
    return 0;
}

/* A claimed event and what became of its fetch. */
struct job {
    const kpid_result *row;
    struct kpid_webhook_source src;
    json_t *map;
    json_t *objects; /* the delivery mapped, then completed by the fetches */
    enum kpid_fetch_outcome outcome;
    long retry_after_s;
    char error[ERROR_MAX + 1];
};

/* Sets each member of fetched over item, merging the nested objects (contact, attributes).
 * The item's key (source, external_id) stays the delivery's. */
static void merge(json_t *item, json_t *fetched)
{
    const char *key;
    json_t *value;
    json_object_foreach(fetched, key, value)
    {
        if (strcmp(key, "source") == 0)
            continue;
        json_t *have = json_object_get(item, key);
        if (json_is_object(have) && json_is_object(value))
            json_object_update(have, value);
        else
            json_object_set(item, key, value);
    }
}

/* Maps a fetched document through the preset's fetched map and merges it into item. */
static enum kpid_fetch_outcome complete(struct job *job, const struct kpid_fetch_source *fs,
                                        json_t *item, const json_t *doc, size_t index)
{
    const char *text =
        fs->target == KPID_TARGET_DEAL ? fs->preset->fetch.deal_map : fs->preset->fetch.lead_map;
    json_t *map = json_loads(text, 0, NULL);
    char *body = json_dumps(doc, JSON_COMPACT);
    char why[ERROR_MAX + 1] = "";
    json_t *fetched = map && body ? kpid_field_map_apply_at(map, KPID_PAYLOAD_JSON, job->src.name,
                                                            job->src.received_at, body,
                                                            strlen(body), why, sizeof why)
                                  : NULL;
    enum kpid_fetch_outcome outcome = KPID_FETCH_DONE;
    if (json_array_size(fetched) == 1)
        merge(item, json_array_get(fetched, 0));
    else {
        snprintf(job->error, sizeof job->error, "item %zu: the fetched record: %s", index,
                 why[0] ? why : "could not be mapped");
        outcome = KPID_FETCH_PERMANENT;
    }
    json_decref(fetched);
    free(body);
    json_decref(map);
    return outcome;
}

/* Fetches the record of each item the delivery maps to (not its erasures), stopping at the
 * first that does not come. */
static void fetch_items(struct job *job, CURL *curl, const struct kpid_fetch_limits *limits,
                        const struct kpid_preset *preset)
{
    const struct kpid_fetch_source fs = {
        .preset = preset,
        .target = job->src.target,
        .url = kpid_result_text(job->row, 0, "fetch_url"),
        .token = kpid_result_text(job->row, 0, "fetch_token"),
        .allow_http = kpid_result_bool(job->row, 0, "fetch_allow_http"),
    };
    size_t i;
    json_t *item;
    json_array_foreach(job->objects, i, item)
    {
        if (kpid_webhook_is_erasure(item))
            continue;
        json_t *doc = NULL;
        job->outcome = kpid_fetch_record(curl, limits, &fs,
                                         json_string_value(json_object_get(item, "external_id")),
                                         &doc, &job->retry_after_s, job->error, sizeof job->error);
        if (job->outcome == KPID_FETCH_DONE)
            job->outcome = complete(job, &fs, item, doc, i);
        json_decref(doc);
        if (job->outcome != KPID_FETCH_DONE)
            return;
    }
}

/* Maps the claimed event's delivery and fetches what it names. A source that no longer
 * fetches gets its delivery mapped as it came. */
static void run_job(struct job *job, CURL *curl, const struct kpid_fetch_limits *limits)
{
    const kpid_result *row = job->row;
    size_t len = 0;
    char *body = kpid_result_bytes(row, 0, "body", &len);
    const struct kpid_preset *preset = kpid_preset_find(kpid_result_text(row, 0, "preset"));
    job->outcome = KPID_FETCH_DONE;
    job->objects =
        body ? kpid_webhook_map(&job->src, body, len, job->error, sizeof job->error) : NULL;
    if (job->objects == NULL)
        job->outcome = KPID_FETCH_PERMANENT;
    if (job->objects != NULL && preset != NULL && kpid_preset_fetches(preset, job->src.target) &&
        kpid_result_text(row, 0, "fetch_url") != NULL)
        fetch_items(job, curl, limits, preset);
    free(body);
}

static double jitter(void)
{
    uint32_t r = 0;
    if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
        r = (uint32_t)time(NULL);
    return (double)r / 4294967296.0;
}

struct outcome {
    struct job *job;
    const struct kpid_fetch_config *cfg;
    bool stopping; /* the fetch was abandoned as kpid stops: due again at once */
};

/* Records the job's outcome in one transaction: mapped or failed, or due again later. */
static enum kpid_db_status record(struct kpid_db *db, void *ctx)
{
    const struct outcome *o = ctx;
    struct job *job = o->job;
    const char *id = kpid_result_text(job->row, 0, "id");
    bool pending = false;
    enum kpid_db_status st =
        kpid_store_webhook_event_lock_pending(db, job->src.workspace_id, id, &pending);
    if (st != KPID_DB_OK || !pending)
        return st;
    long long age = strtoll(kpid_result_text(job->row, 0, "age_seconds"), NULL, 10);
    if (job->outcome == KPID_FETCH_RETRY && (o->stopping || age < (long long)o->cfg->give_up_s)) {
        unsigned attempts = (unsigned)strtoul(kpid_result_text(job->row, 0, "attempts"), NULL, 10);
        unsigned long long delay =
            o->stopping ? 0
                        : kpid_fetch_delay_ms(o->cfg->retry_base_ms, o->cfg->retry_max_ms, attempts,
                                              job->retry_after_s, jitter());
        return kpid_store_webhook_event_retry_fetch(db, job->src.workspace_id, id, delay,
                                                    job->error);
    }
    char why[ERROR_MAX + 64];
    if (job->outcome == KPID_FETCH_RETRY)
        snprintf(why, sizeof why, "gave up fetching after %lld s: %s", age, job->error);
    else
        snprintf(why, sizeof why, "%s", job->error);
    json_t *reply = NULL;
    bool mapped;
    st = kpid_webhook_record(db, &job->src, id,
                             job->outcome == KPID_FETCH_DONE ? job->objects : NULL, why, &reply,
                             &mapped);
    json_decref(reply);
    return st;
}

/* Claims one due event and handles it; false when none was due (or the database is down). */
static bool handle_one(struct kpid_fetch_workers *w, struct kpid_db *db, CURL *curl,
                       const struct kpid_fetch_limits *limits)
{
    /* long enough for a record and its contact at their timeouts, and the mapping; should a
     * big batch outlast it, another worker fetches again and the second outcome is dropped */
    unsigned claim_s = 2 * (w->cfg.connect_timeout_ms + w->cfg.timeout_ms) / 1000 + 30;
    enum kpid_db_status st;
    kpid_result *row = kpid_store_webhook_event_claim_fetch(db, w->cfg.per_source, claim_s, &st);
    if (row == NULL || kpid_result_rows(row) == 0) {
        kpid_result_free(row);
        return false;
    }
    struct job job = {.row = row};
    job.map = kpid_json_parse(kpid_result_text(row, 0, "field_map"));
    job.src = (struct kpid_webhook_source){
        .workspace_id = kpid_result_text(row, 0, "workspace_id"),
        .name = kpid_result_text(row, 0, "source_name"),
        .field_map = job.map,
        .received_at = kpid_result_text(row, 0, "received_at"),
    };
    kpid_webhook_source_kinds(&job.src, kpid_result_text(row, 0, "payload"),
                              kpid_result_text(row, 0, "target"));
    run_job(&job, curl, limits);
    struct outcome o = {.job = &job, .cfg = &w->cfg, .stopping = atomic_load(&w->stop)};
    st = kpid_db_transaction(db, record, &o);
    if (st != KPID_DB_OK)
        kpid_log(KPID_LOG_WARN,
                 "fetch of event %s: the outcome could not be recorded (its claim "
                 "lapses and it is fetched again)",
                 kpid_result_text(row, 0, "id"));
    else if (job.outcome != KPID_FETCH_DONE)
        kpid_log(KPID_LOG_INFO, "fetch of event %s (%s/%s): %s", kpid_result_text(row, 0, "id"),
                 job.src.workspace_id, job.src.name, job.error);
    json_decref(job.objects);
    json_decref(job.map);
    kpid_result_free(row);
    return true;
}

/* Sleeps up to ms, or until the workers are stopped. */
static void idle(struct kpid_fetch_workers *w, unsigned ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L)
        until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&w->lock);
    while (!atomic_load(&w->stop) && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
        ;
    pthread_mutex_unlock(&w->lock);
}

static void *run(void *arg)
{
    struct kpid_fetch_workers *w = arg;
    CURL *curl = curl_easy_init();
    const struct kpid_fetch_limits limits = {.connect_timeout_ms = w->cfg.connect_timeout_ms,
                                             .timeout_ms = w->cfg.timeout_ms,
                                             .stop = &w->stop};
    while (curl != NULL && !atomic_load(&w->stop)) {
        enum kpid_db_status st;
        struct kpid_db *db = kpid_db_acquire(w->pool, 1000, &st);
        bool busy = db != NULL && handle_one(w, db, curl, &limits);
        if (db != NULL)
            kpid_db_release(db);
        if (!busy)
            idle(w, w->cfg.poll_ms);
    }
    curl_easy_cleanup(curl);
    return NULL;
}

static void workers_free(struct kpid_fetch_workers *w)
{
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    kpid_db_pool_free(w->pool);
    free(w->threads);
    free(w);
}

struct kpid_fetch_workers *kpid_fetch_workers_start(const char *database_url,
                                                    const struct kpid_fetch_config *cfg)
{
    struct kpid_fetch_workers *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->cfg = *cfg;
    atomic_init(&w->stop, false);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&w->lock, NULL);
    w->threads = calloc(cfg->workers, sizeof *w->threads);
    w->pool = kpid_db_pool_new(database_url, cfg->workers);
    if (w->threads == NULL || w->pool == NULL) {
        workers_free(w);
        return NULL;
    }
    while (w->started < cfg->workers && pthread_create(&w->threads[w->started], NULL, run, w) == 0)
        w->started++;
    if (w->started < cfg->workers) {
        kpid_fetch_workers_stop(w);
        return NULL;
    }
    return w;
}

void kpid_fetch_workers_stop(struct kpid_fetch_workers *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    atomic_store(&w->stop, true);
    pthread_cond_broadcast(&w->wake);
    pthread_mutex_unlock(&w->lock);
    for (unsigned i = 0; i < w->started; i++)
        pthread_join(w->threads[i], NULL);
    workers_free(w);
}
