/* Case c: retry storms. The same lead (natural key source + external_id) 50 times at once,
 * and the same Idempotency-Key on a lead without a natural key 50 times at once: one row,
 * every answer a 2xx with the same body (409 allowed for a key still in flight); the same key
 * with another body is a 422 and writes nothing. */
#include "faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PARALLEL 50

struct racer {
    pthread_barrier_t *start;
    const struct http_request *req;
    struct http_client *client;
    struct http_reply reply;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    pthread_barrier_wait(r->start);
    http_send(r->client, r->req, &r->reply);
    return NULL;
}

/* Sends req from PARALLEL threads released together. */
static void send_in_parallel(const struct http_request *req, struct racer racers[PARALLEL])
{
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, PARALLEL);
    pthread_t threads[PARALLEL];
    for (int i = 0; i < PARALLEL; i++) {
        racers[i] = (struct racer){.start = &start, .req = req, .client = http_client_new()};
        pthread_create(&threads[i], NULL, race, &racers[i]);
    }
    for (int i = 0; i < PARALLEL; i++) {
        pthread_join(threads[i], NULL);
        http_client_free(racers[i].client);
    }
    pthread_barrier_destroy(&start);
}

/* Checks the replies: 2xx (or 409 when allowed) with one body; returns the count of 201s. */
static int check_replies(const char *what, struct racer racers[PARALLEL], bool allow_409)
{
    const char *body = NULL;
    int created = 0, ok = 0, in_flight = 0, differing = 0;
    for (int i = 0; i < PARALLEL; i++) {
        const struct http_reply *r = &racers[i].reply;
        if (r->status >= 200 && r->status < 300) {
            ok++;
            created += r->status == 201;
            if (body == NULL)
                body = r->body;
            else if (strcmp(body, r->body) != 0 && differing++ == 0)
                fault_fail("%s: two 2xx bodies differ:\n      %.300s\n      %.300s", what, body,
                           r->body);
        } else if (allow_409 && http_is_problem(r, 409)) {
            in_flight++;
        } else {
            fault_fail("%s: status %ld: %.300s", what, r->status, r->body);
        }
    }
    fault_check(ok > 0, "%s: no 2xx at all", what);
    fault_check(differing == 0, "%s: %d of %d 2xx bodies differ from the first", what, differing,
                ok);
    fault_note("%s: %d x 2xx (%d x 201), %d x 409", what, ok, created, in_flight);
    return created;
}

static void free_replies(struct racer racers[PARALLEL])
{
    for (int i = 0; i < PARALLEL; i++)
        http_reply_clear(&racers[i].reply);
}

static void same_lead(void)
{
    char *body = lead_json("faults-c", "same-lead", "natural-key");
    struct http_request req = {.method = "POST",
                               .path = "/v1/leads",
                               .key = fault_sys.admin_key,
                               .content_type = "application/json",
                               .body = body};
    struct racer racers[PARALLEL];
    send_in_parallel(&req, racers);
    int created = check_replies("same lead x50", racers, false);
    fault_check(created == 1, "same lead x50: %d answers were 201 Created, expected one", created);
    const char *params[] = {"faults-c", "same-lead"};
    long rows =
        sql_long("SELECT count(*) FROM leads WHERE source = $1 AND external_id = $2", 2, params);
    fault_check(rows == 1, "same lead x50: %ld rows, expected 1", rows);
    free_replies(racers);
    free(body);
}

static void same_idempotency_key(void)
{
    char key_header[96], campaign[64];
    snprintf(key_header, sizeof key_header, "Idempotency-Key: faults-c-%d", (int)getpid());
    snprintf(campaign, sizeof campaign, "idempotent-%d", (int)getpid());
    const char *headers[] = {key_header, NULL};
    char *body = lead_json("faults-c", NULL, campaign);
    struct http_request req = {.method = "POST",
                               .path = "/v1/leads",
                               .key = fault_sys.admin_key,
                               .content_type = "application/json",
                               .body = body,
                               .headers = headers};
    struct racer racers[PARALLEL];
    send_in_parallel(&req, racers);
    check_replies("same Idempotency-Key x50", racers, true);
    const char *params[] = {"faults-c", campaign};
    long rows =
        sql_long("SELECT count(*) FROM leads WHERE source = $1 AND campaign = $2", 2, params);
    fault_check(rows == 1, "same Idempotency-Key x50: %ld rows, expected 1", rows);

    /* a later retry is answered from the store, with the same body */
    const char *first = NULL;
    for (int i = 0; i < PARALLEL && first == NULL; i++)
        if (racers[i].reply.status / 100 == 2)
            first = racers[i].reply.body;
    struct http_reply again;
    http_call(&req, &again);
    fault_check(again.status / 100 == 2 && again.replayed && first && !strcmp(again.body, first),
                "a retry after the storm: status %ld, replayed %d, body %.300s", again.status,
                again.replayed, again.body);
    http_reply_clear(&again);

    /* the same key with another request */
    char other_campaign[80];
    snprintf(other_campaign, sizeof other_campaign, "%s-changed", campaign);
    char *other = lead_json("faults-c", NULL, other_campaign);
    req.body = other;
    struct http_reply changed;
    http_call(&req, &changed);
    fault_check(http_is_problem(&changed, 422),
                "the same key with another body: status %ld, expected 422 problem: %.300s",
                changed.status, changed.body);
    const char *params2[] = {"faults-c", other_campaign};
    long stored =
        sql_long("SELECT count(*) FROM leads WHERE source = $1 AND campaign = $2", 2, params2);
    fault_check(stored == 0, "the same key with another body stored %ld rows", stored);
    http_reply_clear(&changed);
    free(other);
    free_replies(racers);
    free(body);
}

void case_idempotency(void)
{
    same_lead();
    same_idempotency_key();
}
