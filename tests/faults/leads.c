/* Leads for the fault cases: request bodies, a concurrent ingest load that tracks which leads
 * were acknowledged, and the check that every acknowledged lead is stored exactly once. */
#include "faults.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *lead_json(const char *source, const char *external_id, const char *campaign)
{
    json_t *lead = json_pack("{s:s, s:s, s:s}", "source", source, "channel", "seo", "created_at",
                             "2025-01-15T10:00:00+03:00");
    if (external_id != NULL)
        json_object_set_new(lead, "external_id", json_string(external_id));
    if (campaign != NULL)
        json_object_set_new(lead, "campaign", json_string(campaign));
    char *text = json_dumps(lead, JSON_COMPACT);
    json_decref(lead);
    return text;
}

char *lead_create(const char *key, const char *json_text)
{
    struct http_reply r;
    http_call(&(struct http_request){.method = "POST",
                                     .path = "/v1/leads",
                                     .key = key,
                                     .content_type = "application/json",
                                     .body = json_text},
              &r);
    json_t *doc = http_reply_json(&r);
    const char *id = json_string_value(json_object_get(doc, "id"));
    char *copy = NULL;
    if (fault_check((r.status == 201 || r.status == 200) && id != NULL,
                    "POST /v1/leads: status %ld, expected 201 with an id: %.300s", r.status,
                    r.body))
        copy = strdup(id);
    json_decref(doc);
    http_reply_clear(&r);
    return copy;
}

/* --- the load ------------------------------------------------------------------------------ */

struct load_worker {
    struct lead_load *load;
    unsigned index;
};

static void note_unexpected(struct lead_load *load, const struct http_reply *r)
{
    if (atomic_flag_test_and_set(&load->unexpected_taken))
        return;
    snprintf(load->unexpected, sizeof load->unexpected, "status %ld (%.40s) %.120s", r->status,
             r->content_type, r->body);
}

/* One POST of lead i; returns whether it was acknowledged. */
static bool post_once(struct lead_load *load, struct http_client *c, const char *body, size_t i)
{
    struct http_reply r;
    http_send(c,
              &(struct http_request){.method = "POST",
                                     .path = "/v1/leads",
                                     .key = load->key,
                                     .content_type = "application/json",
                                     .body = body},
              &r);
    atomic_fetch_add(&load->attempts, 1);
    long long now_us = (long long)(fault_now() * 1e6);
    bool acked = r.status >= 200 && r.status < 300;
    if (acked) {
        atomic_store(&load->acked[i], 1);
        atomic_fetch_add(&load->acks, 1);
        atomic_store(&load->last_ack_us, now_us);
    } else if (r.status == 0) {
        atomic_fetch_add(
            r.error == CURLE_COULDNT_CONNECT ? &load->refused : &load->transport_errors, 1);
    } else if (r.status == 503) {
        atomic_fetch_add(&load->problems_503, 1);
        long long zero = 0;
        atomic_compare_exchange_strong(&load->first_503_us, &zero, now_us);
        if (!http_is_problem(&r, 503) || r.retry_after[0] == '\0') {
            atomic_fetch_add(&load->bad_503, 1);
            note_unexpected(load, &r);
        }
    } else {
        atomic_fetch_add(r.status >= 500 ? &load->other_5xx : &load->other, 1);
        note_unexpected(load, &r);
    }
    http_reply_clear(&r);
    return acked;
}

static void *load_worker_run(void *arg)
{
    struct load_worker *w = arg;
    struct lead_load *load = w->load;
    struct http_client *c = http_client_new();
    for (size_t i = w->index; c != NULL && i < load->count && !atomic_load(&load->stop);
         i += load->clients) {
        if (atomic_load(&load->acked[i]))
            continue;
        char external_id[96];
        snprintf(external_id, sizeof external_id, "%s-%zu", load->source, i);
        char *body = lead_json(load->source, external_id, NULL);
        while (!post_once(load, c, body, i) && !atomic_load(&load->stop)) {
            fault_sleep(load->failure_pause_s);
            if (!load->persist)
                break;
        }
        free(body);
    }
    http_client_free(c);
    free(w);
    atomic_fetch_sub(&load->running, 1);
    return NULL;
}

void lead_load_init(struct lead_load *load, const char *source, const char *key, size_t count,
                    unsigned clients)
{
    memset(load, 0, sizeof *load);
    load->source = source;
    load->key = key;
    load->count = count;
    load->clients = clients;
    load->failure_pause_s = 0.05;
    load->acked = calloc(count, sizeof *load->acked);
    load->threads = calloc(clients, sizeof *load->threads);
    atomic_flag_clear(&load->unexpected_taken);
}

void lead_load_start(struct lead_load *load)
{
    atomic_store(&load->stop, false);
    atomic_store(&load->running, load->clients);
    for (unsigned t = 0; t < load->clients; t++) {
        struct load_worker *w = malloc(sizeof *w);
        *w = (struct load_worker){load, t};
        pthread_create(&load->threads[t], NULL, load_worker_run, w);
    }
}

bool lead_load_finish(struct lead_load *load, double seconds)
{
    double deadline = fault_now() + seconds;
    while (atomic_load(&load->running) > 0 && fault_now() < deadline)
        fault_sleep(0.01);
    bool finished = atomic_load(&load->running) == 0;
    atomic_store(&load->stop, true);
    for (unsigned t = 0; t < load->clients; t++)
        pthread_join(load->threads[t], NULL);
    return finished;
}

void lead_load_free(struct lead_load *load)
{
    free(load->acked);
    free(load->threads);
}

size_t lead_load_acked(const struct lead_load *load)
{
    size_t n = 0;
    for (size_t i = 0; i < load->count; i++)
        n += atomic_load(&load->acked[i]);
    return n;
}

void lead_load_verify(struct lead_load *load)
{
    /* a text[] literal of the acknowledged external ids ([a-z0-9-] only: no quoting needed) */
    size_t size = 3, used = 0, acked = 0;
    for (size_t i = 0; i < load->count; i++)
        size += strlen(load->source) + 24;
    char *ids = malloc(size);
    used += (size_t)snprintf(ids, size, "{");
    for (size_t i = 0; i < load->count; i++) {
        if (!atomic_load(&load->acked[i]))
            continue;
        used += (size_t)snprintf(ids + used, size - used, "%s%s-%zu", acked ? "," : "",
                                 load->source, i);
        acked++;
    }
    snprintf(ids + used, size - used, "}");

    const char *params[] = {load->source, ids};
    long stored = sql_long("SELECT count(DISTINCT external_id) FROM leads"
                           " WHERE source = $1 AND external_id = ANY($2::text[])",
                           2, params);
    long twice = sql_long("SELECT count(*) FROM (SELECT external_id FROM leads WHERE source = $1"
                          " GROUP BY external_id HAVING count(*) > 1) d",
                          1, params);
    long rows = sql_long("SELECT count(*) FROM leads WHERE source = $1", 1, params);
    fault_check(stored == (long)acked, "%zu leads were acknowledged but only %ld are stored", acked,
                stored);
    fault_check(twice == 0, "%ld external ids are stored more than once", twice);
    fault_check(rows >= (long)acked && rows <= (long)load->count,
                "%ld rows for %zu distinct leads sent", rows, load->count);
    fault_note("%zu leads acknowledged, %ld stored (%ld rows), none twice", acked, stored, rows);
    free(ids);
}
