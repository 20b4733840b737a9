/* Case d: the hostile-input corpus. Every request is answered 4xx (or the connection closed),
 * never 5xx; kpid keeps running as the same process; rejected requests change no row; SQL
 * metacharacters are stored and read back literally; slow clients are cut off by the
 * connection timeout; and kpid's memory stays flat over repeated rounds of the corpus. */
#include "faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Memory is compared between the end of the warm-up rounds and the end of the measured ones.
 * A thread-per-connection server gets up to 8 glibc malloc arenas per core; with glibc's
 * dynamic mmap threshold, a freed body of up to 1 MiB stays in the arena that held it, so RSS
 * steps up by about 1 MiB whenever another arena first gets the largest body - at any round
 * (measured: 11.4 MB after one round, 15.1 after seven, 15.5 after sixteen). With the threshold
 * fixed at 128 KiB (mallopt M_MMAP_THRESHOLD in kpid's main) such buffers go back to the OS
 * and RSS is flat after a few rounds (11.2, 11.7, 11.9 MB after one, seven, forty rounds).
 */
#define WARMUP_ROUNDS 7
#define ROUNDS (WARMUP_ROUNDS + 6)
#define RSS_TOLERANCE 0.05

/* --- SQL metacharacters -------------------------------------------------------------------- */

static const char meta[] = "O'Brien\"; DROP TABLE leads;-- '); DELETE FROM leads;-- \\ \\' %s%n"
                           " $1 ? :name /* */ `x` \t";

/* POSTs a lead with metacharacters in every string member, reads it back and compares. */
static void metacharacters(int round)
{
    char external_id[sizeof meta + 16];
    snprintf(external_id, sizeof external_id, "%s #%d", meta, round);
    json_t *lead = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:{s:s}}", "source",
        meta, "external_id", external_id, "channel", meta, "campaign", meta, "utm_source", meta,
        "utm_medium", meta, "created_at", "2025-01-15T10:00:00Z", "contact", "name", meta, "phone",
        "+7 (900) 000-00-00 ext. '; --", "email", "o'brien+%s@example.com", "region", meta,
        "invalid_reason", meta, "lost_reason", meta, "attributes", meta, meta);
    char *text = json_dumps(lead, JSON_COMPACT);
    char *id = lead_create(fault_sys.admin_key, text);
    free(text);
    if (id == NULL) {
        json_decref(lead);
        return;
    }
    char path[128];
    snprintf(path, sizeof path, "/v1/leads/%s", id);
    struct http_reply r;
    http_call(&(struct http_request){.method = "GET", .path = path, .key = fault_sys.admin_key},
              &r);
    json_t *got = http_reply_json(&r);
    fault_check(r.status == 200, "GET %s: status %ld", path, r.status);
    const char *key;
    json_t *sent;
    json_object_foreach(lead, key, sent)
    {
        json_t *back = json_object_get(got, key);
        if (strcmp(key, "created_at") != 0 && !json_equal(sent, back)) {
            char *a = json_dumps(back, JSON_ENCODE_ANY | JSON_COMPACT);
            fault_fail("round %d: %s came back as %.200s", round, key, a ? a : "(absent)");
            free(a);
        }
    }
    json_decref(got);
    http_reply_clear(&r);

    /* the same text as query parameters: a filter matches it literally, nothing else breaks */
    char *escaped = http_escape(meta);
    static const char *const filters[] = {"channel", "stage", "valid", "from", "cursor", "limit"};
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        char query[1024];
        snprintf(query, sizeof query, "/v1/leads?%s=%s", filters[i], escaped);
        http_call(
            &(struct http_request){.method = "GET", .path = query, .key = fault_sys.admin_key}, &r);
        fault_check(r.status == 200 || r.status == 400 || r.status == 422,
                    "GET /v1/leads?%s=<metacharacters>: status %ld: %.200s", filters[i], r.status,
                    r.body);
        if (strcmp(filters[i], "channel") == 0)
            fault_check(r.status == 200 && strstr(r.body, id) != NULL,
                        "GET /v1/leads?channel=<metacharacters> does not find the lead: %ld %.200s",
                        r.status, r.body);
        http_reply_clear(&r);
    }
    free(escaped);
    free(id);
    json_decref(lead);
}

/* --- the case ------------------------------------------------------------------------------ */

void case_hostile(void)
{
    pid_t pid = fault_sys.kpid_pid;
    hostile_http_build();
    hostile_webhooks_build();
    slow_clients_start(); /* they run alongside the rounds */
    long rss_warm = -1;
    size_t per_round = 0;
    double round_time = 0;
    for (int round = 1; round <= ROUNDS && kpid_running(); round++) {
        double t0 = fault_now();
        char *before = sql_row_counts();
        per_round = hostile_http_run(round);
        char *after = sql_row_counts();
        fault_check(before && after && strcmp(before, after) == 0,
                    "round %d: rejected requests changed rows:\n      before %s\n      after  %s",
                    round, before, after);
        free(before);
        free(after);
        hostile_webhooks_run(round);
        metacharacters(round);
        round_time = fault_now() - t0;
        if (round == WARMUP_ROUNDS)
            rss_warm = kpid_rss_kib();
    }
    slow_clients_finish();
    fault_sleep(0.5); /* let the threads of closed connections exit */
    long rss_end = kpid_rss_kib();
    fault_note("%zu raw requests per round, %d rounds (%.1f s each); RSS %ld KiB after %d"
               " warm-up rounds, %ld KiB at the end",
               per_round, ROUNDS, round_time, rss_warm, WARMUP_ROUNDS, rss_end);
    fault_check(kpid_running() && fault_sys.kpid_pid == pid, "kpid is not the same process");
    fault_check(rss_warm > 0 && rss_end > 0 &&
                    (double)labs(rss_end - rss_warm) <= RSS_TOLERANCE * (double)rss_warm,
                "RSS moved from %ld KiB to %ld KiB (more than %.0f %%)", rss_warm, rss_end,
                RSS_TOLERANCE * 100);
    hostile_http_free();
    hostile_webhooks_free();
}
