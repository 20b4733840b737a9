/* API tests of the leads endpoints: idempotent create, batches, validation, derived fields,
 * merge patches, erasure, lists and workspace isolation. */
#include "ingest_util.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LEADS "/v1/leads"

/* POSTs a minimal valid lead with these extra members (a JSON fragment, may be empty). */
static struct api_response *post_lead(const char *key, const char *created_at, const char *extra)
{
    return api_sendf("POST", LEADS, key, "{\"channel\":\"seo\",\"created_at\":\"%s\"%s%s}",
                     created_at, *extra ? "," : "", extra);
}

/* Creates a lead (201) and returns its id (free it). */
static char *create_lead(const char *key, const char *created_at, const char *extra)
{
    return ingest_created_id(post_lead(key, created_at, extra));
}

/* GET /v1/leads/{id}, asserted 200. */
static struct api_response *get_lead(const char *key, const char *id)
{
    struct api_response *r = api_get(ingest_path(LEADS, id), key);
    api_assert_status(r, 200);
    return r;
}

static bool json_true_at(const struct api_response *r, const char *pointer)
{
    return json_is_true(api_json_at(r, pointer));
}

/* --- create and replay ------------------------------------------------------------------ */

START_TEST(create_then_replay_gives_the_same_id_and_body)
{
    const char *body = "{\"source\":\"amo\",\"external_id\":\"replay-1\",\"channel\":\"seo\","
                       "\"created_at\":\"2025-01-15T10:00:00+03:00\"}";
    struct api_response *first = api_post_json(LEADS, api_admin_key(), body);
    api_assert_status(first, 201);
    const char *id = api_json_string(first, "/id");
    ck_assert_pstr_eq(api_header(first, "Location"), ingest_path(LEADS, id));
    ck_assert_pstr_eq(api_json_string(first, "/created_at"), "2025-01-15T07:00:00Z");
    ck_assert_pstr_eq(api_json_string(first, "/stage"), "new");

    struct api_response *again = api_post_json(LEADS, api_admin_key(), body);
    api_assert_status(again, 200);
    ck_assert_str_eq(again->body, first->body); /* not even updated_at moved */
    api_response_free(again);
    api_response_free(first);
}
END_TEST

struct racer {
    const char *key;
    const char *body;
    struct api_response *r;
};

static void *race(void *arg)
{
    struct racer *x = arg;
    x->r = api_post_json(LEADS, x->key, x->body);
    return NULL;
}

START_TEST(concurrent_identical_posts_make_one_row_and_identical_bodies)
{
    enum { N = 24 };
    char *key = ingest_workspace("leads-race");
    const char *body = "{\"source\":\"amo\",\"external_id\":\"race-1\",\"channel\":\"seo\","
                       "\"created_at\":\"2025-01-15T10:00:00Z\","
                       "\"contact\":{\"phone\":\"+7 999 555-00-11\"}}";
    struct racer racers[N];
    pthread_t threads[N];
    for (int i = 0; i < N; i++) {
        racers[i] = (struct racer){key, body, NULL};
        ck_assert_int_eq(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
    }
    for (int i = 0; i < N; i++)
        pthread_join(threads[i], NULL);
    int created = 0;
    for (int i = 0; i < N; i++) {
        ck_assert_msg(racers[i].r->status == 201 || racers[i].r->status == 200, "status %ld: %s",
                      racers[i].r->status, racers[i].r->body);
        created += racers[i].r->status == 201;
        ck_assert_str_eq(racers[i].r->body, racers[0].r->body);
    }
    ck_assert_int_eq(created, 1);
    ck_assert_int_eq(ingest_count("leads", "leads-race"), 1);
    for (int i = 0; i < N; i++)
        api_response_free(racers[i].r);
    free(key);
}
END_TEST

/* Waits (up to 5 s) until one session waits for an advisory lock (asserted). */
static void wait_for_lock_waiter(PGconn *conn)
{
    char *waiting = NULL;
    for (int t = 0; t < 200; t++) {
        free(waiting);
        waiting = ingest_sql_on(conn, "SELECT count(*) FROM pg_locks"
                                      " WHERE locktype = 'advisory' AND NOT granted");
        if (strcmp(waiting, "1") == 0)
            break;
        usleep(25000);
    }
    ck_assert_str_eq(waiting, "1");
    free(waiting);
}

/* A counter of GET /metrics (asserted present). */
static unsigned long long metric(const char *name)
{
    struct api_response *r = api_get("/metrics", NULL);
    api_assert_status(r, 200);
    char prefix[96];
    snprintf(prefix, sizeof prefix, "\n%s ", name);
    const char *at = strstr(r->body, prefix);
    ck_assert_msg(at != NULL, "no %s in /metrics", name);
    unsigned long long value = strtoull(at + strlen(prefix), NULL, 10);
    api_response_free(r);
    return value;
}

/*
 * POSTs the n bodies at once (n <= 16), one thread each, while the test holds workspace ws's
 * writers' lock: the first POST waits for it inside its transaction, the others (started once
 * it waits) queue behind that one; the lock is released a second later. Fills responses.
 */
static void post_behind_held_lock(const char *key, const char *ws, char bodies[][256], int n,
                                  struct api_response **responses)
{
    PGconn *holder = PQconnectdb(getenv("KPID_TEST_DATABASE_URL"));
    ck_assert_int_eq(PQstatus(holder), CONNECTION_OK);
    char lock[160];
    snprintf(lock, sizeof lock, "SELECT pg_advisory_xact_lock(hashtextextended('%s', 1))", ws);
    free(ingest_sql_on(holder, "BEGIN"));
    free(ingest_sql_on(holder, lock));
    struct racer racers[16];
    pthread_t threads[16];
    ck_assert_int_le(n, 16);
    for (int i = 0; i < n; i++) {
        racers[i] = (struct racer){key, bodies[i], NULL};
        ck_assert_int_eq(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
        if (i == 0)
            wait_for_lock_waiter(holder);
    }
    usleep(1000000); /* the others reach the queue */
    free(ingest_sql_on(holder, "COMMIT"));
    PQfinish(holder);
    for (int i = 0; i < n; i++) {
        pthread_join(threads[i], NULL);
        responses[i] = racers[i].r;
    }
}

/*
 * Concurrent POSTs of one workspace share a transaction. The test holds the workspace's
 * writers' lock, so the first POST waits inside its transaction while the others queue
 * behind it; on release those others are written together. Twelve leads of one person,
 * created an hour apart, the eleven later ones posted in a shuffled order, must come out as if
 * posted one by one: the earliest is the original, the other eleven its duplicates.
 */
START_TEST(concurrent_posts_share_a_transaction_and_settle_duplicates)
{
    enum { N = 12 };
    char *key = ingest_workspace("leads-shared");
    char *ws = api_sql_value("SELECT id FROM workspaces WHERE name = 'leads-shared'");
    unsigned long long transactions_before = metric("kpid_shared_write_transactions_total");
    unsigned long long posts_before = metric("kpid_shared_write_posts_total");

    /* the hour of each post: the original first (the others never change its row), the rest
     * shuffled */
    static const int order[N] = {0, 7, 2, 11, 5, 9, 1, 10, 3, 8, 6, 4};
    char bodies[N][256];
    for (int i = 0; i < N; i++)
        snprintf(bodies[i], sizeof bodies[i],
                 "{\"source\":\"amo\",\"external_id\":\"shared-%02d\",\"channel\":\"seo\","
                 "\"created_at\":\"2025-05-01T%02d:00:00Z\","
                 "\"contact\":{\"phone\":\"+7 999 555-77-00\"}}",
                 order[i], order[i]);
    struct api_response *posted[N];
    post_behind_held_lock(key, ws, bodies, N, posted);
    for (int i = 0; i < N; i++)
        api_assert_status(posted[i], 201);

    /* one transaction for the first POST, one for the eleven that queued behind it */
    char *transactions =
        api_sql_value("SELECT count(DISTINCT xmin::text) FROM leads WHERE workspace_id = $1", ws);
    ck_assert_pstr_eq(transactions, "2");
    free(transactions);
    ck_assert_uint_eq(metric("kpid_shared_write_transactions_total") - transactions_before, 2);
    ck_assert_uint_eq(metric("kpid_shared_write_posts_total") - posts_before, N);
    char *original = api_sql_value(
        "SELECT id FROM leads WHERE workspace_id = $1 AND external_id = 'shared-00'", ws);
    for (int i = 0; i < N; i++) {
        struct api_response *r = get_lead(key, api_json_string(posted[i], "/id"));
        if (order[i] == 0) {
            ck_assert(json_is_null(api_json_at(r, "/duplicate_of")));
            ck_assert(json_true_at(r, "/valid"));
        } else {
            ck_assert_pstr_eq(api_json_string(r, "/duplicate_of"), original);
            ck_assert(!json_true_at(r, "/valid"));
        }
        api_response_free(r);
        api_response_free(posted[i]);
    }
    free(original);
    free(ws);
    free(key);
}
END_TEST

/*
 * A POST that fails inside a shared transaction fails alone. A row trigger (made by the test,
 * dropped after it) refuses one external id with an invalid-value error; that lead is queued
 * with two good ones behind a first POST waiting on the held workspace lock. The good ones
 * are stored, the refused one answers 422.
 */
START_TEST(a_failing_post_does_not_fail_the_posts_sharing_its_transaction)
{
    enum { N = 4 };
    char *key = ingest_workspace("leads-poison");
    char *ws = api_sql_value("SELECT id FROM workspaces WHERE name = 'leads-poison'");
    free(api_sql_value("CREATE FUNCTION leads_test_poison() RETURNS trigger LANGUAGE plpgsql AS"
                       " $$BEGIN IF NEW.external_id = 'poison' THEN RAISE EXCEPTION 'refused'"
                       " USING ERRCODE = '22023'; END IF; RETURN NEW; END$$"));
    free(api_sql_value("CREATE TRIGGER leads_test_poison BEFORE INSERT ON leads"
                       " FOR EACH ROW EXECUTE FUNCTION leads_test_poison()"));
    static const char *const ids[N] = {"first", "good-1", "poison", "good-2"};
    char bodies[N][256];
    for (int i = 0; i < N; i++)
        snprintf(bodies[i], sizeof bodies[i],
                 "{\"source\":\"amo\",\"external_id\":\"%s\",\"channel\":\"seo\","
                 "\"created_at\":\"2025-05-01T10:00:00Z\"}",
                 ids[i]);
    struct api_response *posted[N];
    post_behind_held_lock(key, ws, bodies, N, posted);
    free(api_sql_value("DROP TRIGGER leads_test_poison ON leads"));
    free(api_sql_value("DROP FUNCTION leads_test_poison()"));

    api_assert_status(posted[0], 201);
    api_assert_status(posted[1], 201);
    api_assert_problem(posted[2], 422);
    api_assert_status(posted[3], 201);
    ck_assert_int_eq(ingest_count("leads", "leads-poison"), 3);
    for (int i = 0; i < N; i++)
        api_response_free(posted[i]);
    free(ws);
    free(key);
}
END_TEST

/* A POST run on a thread of its own that says when it has its answer. */
struct flagged_post {
    struct racer racer;
    atomic_bool answered;
};

static void *post_and_flag(void *arg)
{
    struct flagged_post *p = arg;
    race(&p->racer);
    atomic_store(&p->answered, true);
    return NULL;
}

/*
 * A small group's COMMIT does not hold back the next group of its workspace. A deferred trigger
 * (made by the test, dropped after it) makes the COMMIT of one lead wait for an advisory lock
 * the test holds; a POST of another person sent meanwhile must be answered before the test
 * lets that COMMIT go, and both leads are stored.
 */
START_TEST(a_post_does_not_wait_for_the_commit_of_the_group_before_it)
{
    char *key = ingest_workspace("leads-commit-gate");
    free(api_sql_value("CREATE FUNCTION leads_test_commit_gate() RETURNS trigger LANGUAGE plpgsql"
                       " AS $$BEGIN IF NEW.external_id = 'gated' THEN PERFORM"
                       " pg_advisory_xact_lock(hashtextextended('leads-commit-gate', 7));"
                       " END IF; RETURN NULL; END$$"));
    free(api_sql_value("CREATE CONSTRAINT TRIGGER leads_test_commit_gate AFTER INSERT ON leads"
                       " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                       " EXECUTE FUNCTION leads_test_commit_gate()"));
    PGconn *holder = PQconnectdb(getenv("KPID_TEST_DATABASE_URL"));
    ck_assert_int_eq(PQstatus(holder), CONNECTION_OK);
    free(ingest_sql_on(holder, "BEGIN"));
    free(ingest_sql_on(holder, "SELECT pg_advisory_xact_lock("
                               "hashtextextended('leads-commit-gate', 7))"));

    struct flagged_post gated = {
        .racer = {key, "{\"source\":\"amo\",\"external_id\":\"gated\",\"channel\":\"seo\","
                       "\"created_at\":\"2025-05-01T10:00:00Z\","
                       "\"contact\":{\"phone\":\"+7 999 555-31-01\"}}",
                  NULL}};
    struct flagged_post next = {
        .racer = {key, "{\"source\":\"amo\",\"external_id\":\"next\",\"channel\":\"seo\","
                       "\"created_at\":\"2025-05-01T10:00:00Z\","
                       "\"contact\":{\"phone\":\"+7 999 555-31-02\"}}",
                  NULL}};
    pthread_t gated_thread, next_thread;
    ck_assert_int_eq(pthread_create(&gated_thread, NULL, post_and_flag, &gated), 0);
    wait_for_lock_waiter(holder); /* the gated lead's COMMIT waits */
    ck_assert_int_eq(pthread_create(&next_thread, NULL, post_and_flag, &next), 0);
    for (int t = 0; t < 200 && !atomic_load(&next.answered); t++)
        usleep(25000);
    bool next_answered_first = atomic_load(&next.answered);
    bool gated_answered_first = atomic_load(&gated.answered);

    free(ingest_sql_on(holder, "COMMIT"));
    PQfinish(holder);
    pthread_join(gated_thread, NULL);
    pthread_join(next_thread, NULL);
    free(api_sql_value("DROP TRIGGER leads_test_commit_gate ON leads"));
    free(api_sql_value("DROP FUNCTION leads_test_commit_gate()"));

    ck_assert_msg(next_answered_first, "the second POST waited for the first one's COMMIT");
    ck_assert(!gated_answered_first);
    api_assert_status(gated.racer.r, 201);
    api_assert_status(next.racer.r, 201);
    ck_assert_int_eq(ingest_count("leads", "leads-commit-gate"), 2);
    api_response_free(gated.racer.r);
    api_response_free(next.racer.r);
    free(key);
}
END_TEST

START_TEST(idempotency_key_replays_and_rejects_another_body)
{
    const char *body = "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\"}";
    struct api_response *first = api_request("POST", LEADS, api_admin_key(), "application/json",
                                             body, "Idempotency-Key: lead-idem-1");
    api_assert_status(first, 201);
    struct api_response *replay = api_request("POST", LEADS, api_admin_key(), "application/json",
                                              body, "Idempotency-Key: lead-idem-1");
    api_assert_status(replay, 201);
    ck_assert_pstr_eq(api_header(replay, "Idempotency-Replayed"), "true");
    ck_assert_pstr_eq(api_json_string(replay, "/id"), api_json_string(first, "/id"));
    /* the replay repeats the headers a client acts on */
    ck_assert_pstr_eq(api_header(replay, "Location"),
                      ingest_path(LEADS, api_json_string(first, "/id")));
    ck_assert_pstr_eq(api_header(replay, "Content-Type"), "application/json");
    ck_assert_str_eq(replay->body, first->body);
    struct api_response *other =
        api_request("POST", LEADS, api_admin_key(), "application/json",
                    "{\"channel\":\"ads\",\"created_at\":\"2025-01-15T10:00:00Z\"}",
                    "Idempotency-Key: lead-idem-1");
    api_assert_problem(other, 422);
    api_response_free(other);
    api_response_free(replay);
    api_response_free(first);
}
END_TEST

/* Stored responses of `workspace` in the idempotency table. */
static long idempotency_rows(const char *workspace)
{
    char *n = api_sql_value("SELECT count(*) FROM idempotency_keys k JOIN workspaces w"
                            " ON w.id = k.workspace_id WHERE w.name = $1",
                            workspace);
    long rows = strtol(n, NULL, 10);
    free(n);
    return rows;
}

/* Seconds until `workspace` has no stored responses left (fails after 10 s). */
static void wait_until_purged(const char *workspace)
{
    for (int i = 0; i < 100 && idempotency_rows(workspace) > 0; i++)
        usleep(100 * 1000);
    ck_assert_int_eq(idempotency_rows(workspace), 0);
}

/* kpid runs here with KPID_IDEMPOTENCY_PURGE_SECONDS=1 and _BATCH=10 (tests/api/run.sh):
 * responses aged past 24 hours disappear in the background, 35 of them in four statements,
 * round after round, and a purged key starts afresh. */
START_TEST(expired_idempotency_responses_are_purged)
{
    const char *ws = "leads-idem-purge";
    char *key = ingest_workspace(ws);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 35; i++) {
            char header[64];
            snprintf(header, sizeof header, "Idempotency-Key: purge-%d-%d", round, i);
            struct api_response *r = api_request(
                "POST", LEADS, key, "application/json",
                "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\"}", header);
            api_assert_status(r, 201);
            api_response_free(r);
        }
        ck_assert_int_eq(idempotency_rows(ws), 35);
        free(api_sql_value("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'"
                           " WHERE workspace_id = (SELECT id FROM workspaces WHERE name = $1)"
                           " RETURNING 1",
                           ws));
        wait_until_purged(ws);
    }
    /* the same key with another body is a new request once its response is gone */
    struct api_response *r =
        api_request("POST", LEADS, key, "application/json",
                    "{\"channel\":\"ads\",\"created_at\":\"2025-01-16T10:00:00Z\"}",
                    "Idempotency-Key: purge-0-0");
    api_assert_status(r, 201);
    ck_assert_ptr_null(api_header(r, "Idempotency-Replayed"));
    api_response_free(r);
    ck_assert_int_eq(idempotency_rows(ws), 1);
    free(key);
}
END_TEST

/* The purge's cost does not hang on the planner's statistics of idempotency_keys: here they
 * are taken by a VACUUM that found one row left on the pages 50,000 rows filled, and 5,000
 * answers expired since. Deleting them still reads a few pages per row (a join back on the key
 * planned from those statistics reran the oldest-first query once per row: about 13 million
 * pages and 6 s). The session works on a copy of the table of its own, which its unqualified
 * name means there, so that kpid's own purge and the other suites' rows stay out of it. */
START_TEST(the_purge_reads_a_few_pages_per_row_whatever_the_statistics)
{
    PGconn *conn = PQconnectdb(getenv("KPID_TEST_DATABASE_URL"));
    ck_assert_int_eq(PQstatus(conn), CONNECTION_OK);
    free(ingest_sql_on(conn, "CREATE TEMP TABLE idempotency_keys"
                             " (LIKE public.idempotency_keys INCLUDING ALL)"));
    free(ingest_sql_on(conn, "INSERT INTO idempotency_keys"
                             " (workspace_id, key, fingerprint, status, response)"
                             " SELECT gen_random_uuid(), 'fresh-' || g, 'f', 201, repeat('x', 200)"
                             " FROM generate_series(1, 50000) AS g"));
    free(ingest_sql_on(conn, "DELETE FROM idempotency_keys WHERE key <> 'fresh-50000'"));
    free(ingest_sql_on(conn, "VACUUM idempotency_keys"));
    char *sparse = ingest_sql_on(conn, "SELECT reltuples < 100 AND relpages > 100 FROM pg_class"
                                       " WHERE oid = 'idempotency_keys'::regclass");
    ck_assert_pstr_eq(sparse, "t");
    free(ingest_sql_on(conn, "INSERT INTO idempotency_keys"
                             " (workspace_id, key, fingerprint, status, response, created_at)"
                             " SELECT gen_random_uuid(), 'expired-' || g, 'f', 201,"
                             " repeat('x', 200), now() - interval '25 hours'"
                             " FROM generate_series(1, 5000) AS g"));

    long pages = ingest_statement_pages(conn, "src/kpid/store/sql/idempotency_purge_expired.sql",
                                        "24, 5000");
    ck_assert_msg(pages < 50000, "the purge of 5,000 answers read %ld pages", pages);
    char *left = ingest_sql_on(conn, "SELECT string_agg(key, ',') FROM idempotency_keys");
    ck_assert_pstr_eq(left, "fresh-50000");
    free(left);
    free(sparse);
    PQfinish(conn);
}
END_TEST

START_TEST(repost_with_fewer_members_keeps_the_others)
{
    char *key = ingest_workspace("leads-repost");
    struct api_response *r = api_sendf(
        "POST", LEADS, key,
        "{\"source\":\"bx\",\"external_id\":\"7\",\"channel\":\"seo\",\"campaign\":\"spring\","
        "\"created_at\":\"2025-01-15T10:00:00Z\",\"is_valid\":false,\"invalid_reason\":\"spam\"}");
    api_assert_status(r, 201);
    struct api_response *again = api_sendf("POST", LEADS, key,
                                           "{\"source\":\"bx\",\"external_id\":\"7\","
                                           "\"channel\":\"ads\",\"created_at\":"
                                           "\"2025-01-15T10:00:00Z\",\"campaign\":null}");
    api_assert_status(again, 200);
    ck_assert_pstr_eq(api_json_string(again, "/id"), api_json_string(r, "/id"));
    ck_assert_pstr_eq(api_json_string(again, "/channel"), "ads");
    ck_assert(json_is_null(api_json_at(again, "/campaign")));
    ck_assert(json_is_false(api_json_at(again, "/is_valid")));
    ck_assert_pstr_eq(api_json_string(again, "/invalid_reason"), "spam");
    api_response_free(again);
    api_response_free(r);
    free(key);
}
END_TEST

/* --- batches ---------------------------------------------------------------------------- */

START_TEST(batch_stores_valid_items_and_reports_the_others)
{
    char *key = ingest_workspace("leads-batch");
    struct api_response *r =
        api_post_json("/v1/leads/batch", key,
                      "{\"items\":[{\"source\":\"amo\",\"external_id\":\"b1\",\"channel\":\"seo\","
                      "\"created_at\":\"2025-01-15T10:00:00Z\"},"
                      "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00\"},"
                      "{\"source\":\"amo\",\"external_id\":\"b1\",\"channel\":\"ads\","
                      "\"created_at\":\"2025-01-15T10:00:00Z\"},"
                      "42,"
                      "{\"channel\":\"referral\",\"created_at\":\"2025-01-16T10:00:00Z\"}]}");
    api_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(api_json_at(r, "/items")), 5);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/status"), "created");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/status"), "error");
    ck_assert(json_is_null(api_json_at(r, "/items/1/id")));
    ck_assert_pstr_eq(api_json_string(r, "/items/1/errors/0/field"), "/items/1/created_at");
    /* the same natural key again in one batch: applied after the first, same row */
    ck_assert_pstr_eq(api_json_string(r, "/items/2/status"), "updated");
    ck_assert_pstr_eq(api_json_string(r, "/items/2/id"), api_json_string(r, "/items/0/id"));
    ck_assert_pstr_eq(api_json_string(r, "/items/3/status"), "error");
    ck_assert_pstr_eq(api_json_string(r, "/items/3/errors/0/field"), "/items/3");
    ck_assert_pstr_eq(api_json_string(r, "/items/4/status"), "created");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/items/4/index")), 4);
    ck_assert_int_eq(ingest_count("leads", "leads-batch"), 2);

    struct api_response *lead = get_lead(key, api_json_string(r, "/items/0/id"));
    ck_assert_pstr_eq(api_json_string(lead, "/channel"), "ads");
    api_response_free(lead);
    api_response_free(r);
    free(key);
}
END_TEST

/* A batch goes to the database as one array per column: every member comes back as sent,
 * whatever characters the array syntax gives a meaning (quotes, backslashes, braces, commas,
 * the word NULL), and a member one item leaves out is null for that item alone. */
START_TEST(every_member_of_a_batch_is_stored_as_sent)
{
    char *key = ingest_workspace("leads-staged");
    struct api_response *r = api_post_json(
        "/v1/leads/batch", key,
        "{\"items\":[{\"channel\":\"seo\",\"created_at\":\"2025-01-15T12:00:00Z\"},"
        "{\"source\":\"amo\",\"external_id\":\"st\\\\1,{x}\",\"channel\":\"ads, {b}\","
        "\"campaign\":\"q\\\"uote\",\"utm_source\":\"NULL\",\"utm_medium\":\"\","
        "\"created_at\":\"2025-01-15T13:00:00+03:00\","
        "\"contact\":{\"name\":\"Анна \\\"Ann\\\" O'Neil\",\"phone\":\"+7 900 111-22-33\","
        "\"email\":\"Ann@Example.com\"},\"region\":\"Москва\",\"is_valid\":false,"
        "\"invalid_reason\":\"spam, {x}\",\"is_sql\":true,\"is_brand\":true,"
        "\"first_contact_at\":\"2025-01-15T10:45:00Z\",\"meeting_at\":\"2025-01-16T12:00:00Z\","
        "\"proposal_at\":\"2025-01-17T12:00:00Z\",\"lost_at\":\"2025-01-18T12:00:00Z\","
        "\"lost_reason\":\"price \\\\ \\\"too high\\\"\","
        "\"attributes\":{\"note\":\"a \\\"b\\\" \\\\c {d}\",\"n\":[1,2.5,null,true]}}]}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/items/0/status"), "created");
    ck_assert_pstr_eq(api_json_string(r, "/items/1/status"), "created");

    struct api_response *full = get_lead(key, api_json_string(r, "/items/1/id"));
    ck_assert_pstr_eq(api_json_string(full, "/source"), "amo");
    ck_assert_pstr_eq(api_json_string(full, "/external_id"), "st\\1,{x}");
    ck_assert_pstr_eq(api_json_string(full, "/channel"), "ads, {b}");
    ck_assert_pstr_eq(api_json_string(full, "/campaign"), "q\"uote");
    ck_assert_pstr_eq(api_json_string(full, "/utm_source"), "NULL");
    ck_assert_pstr_eq(api_json_string(full, "/utm_medium"), "");
    ck_assert_pstr_eq(api_json_string(full, "/created_at"), "2025-01-15T10:00:00Z");
    ck_assert_pstr_eq(api_json_string(full, "/contact/name"), "Анна \"Ann\" O'Neil");
    ck_assert_pstr_eq(api_json_string(full, "/contact/phone"), "+7 900 111-22-33");
    ck_assert_pstr_eq(api_json_string(full, "/contact/email"), "Ann@Example.com");
    ck_assert_pstr_eq(api_json_string(full, "/region"), "Москва");
    ck_assert(json_is_false(api_json_at(full, "/is_valid")));
    ck_assert(json_is_false(api_json_at(full, "/valid")));
    ck_assert_pstr_eq(api_json_string(full, "/invalid_reason"), "spam, {x}");
    ck_assert(json_is_true(api_json_at(full, "/is_sql")));
    ck_assert(json_is_true(api_json_at(full, "/is_brand")));
    ck_assert_pstr_eq(api_json_string(full, "/first_contact_at"), "2025-01-15T10:45:00Z");
    ck_assert_pstr_eq(api_json_string(full, "/meeting_at"), "2025-01-16T12:00:00Z");
    ck_assert_pstr_eq(api_json_string(full, "/proposal_at"), "2025-01-17T12:00:00Z");
    ck_assert_pstr_eq(api_json_string(full, "/lost_at"), "2025-01-18T12:00:00Z");
    ck_assert_pstr_eq(api_json_string(full, "/lost_reason"), "price \\ \"too high\"");
    ck_assert_pstr_eq(api_json_string(full, "/stage"), "lost");
    /* Wednesday 10:00 to 10:45 UTC, in the default working day: 45 minutes */
    ck_assert_double_eq(json_number_value(api_json_at(full, "/reaction_minutes")), 45);
    json_t *attributes =
        json_loads("{\"note\":\"a \\\"b\\\" \\\\c {d}\",\"n\":[1,2.5,null,true]}", 0, NULL);
    ck_assert(json_equal(api_json_at(full, "/attributes"), attributes));
    json_decref(attributes);

    struct api_response *bare = get_lead(key, api_json_string(r, "/items/0/id"));
    ck_assert_pstr_eq(api_json_string(bare, "/source"), "api");
    ck_assert_pstr_eq(api_json_string(bare, "/channel"), "seo");
    ck_assert(json_is_null(api_json_at(bare, "/campaign")));
    ck_assert(json_is_null(api_json_at(bare, "/contact/name")));
    ck_assert(json_is_null(api_json_at(bare, "/region")));
    ck_assert(json_is_false(api_json_at(bare, "/is_sql")));
    ck_assert(json_is_null(api_json_at(bare, "/reaction_minutes")));
    ck_assert_uint_eq(json_object_size(api_json_at(bare, "/attributes")), 0);
    ck_assert_pstr_eq(api_json_string(bare, "/stage"), "new");
    api_response_free(bare);
    api_response_free(full);
    api_response_free(r);
    free(key);
}
END_TEST

/* The milliseconds since 1970 in the first 48 bits of a time-ordered id (UUID version 7). */
static long long id_millis(const char *id)
{
    char hex[13];
    snprintf(hex, sizeof hex, "%.8s%.4s", id, id + 9);
    return strtoll(hex, NULL, 16);
}

static long long now_millis(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Asserts that `id` is a UUID version 7 (RFC 9562) written between `from` and `to`. */
static void assert_time_ordered(const char *id, long long from, long long to)
{
    ck_assert_uint_eq(strlen(id), 36);
    ck_assert_msg(id[14] == '7', "%s: version %c, expected 7", id, id[14]);
    ck_assert_msg(strchr("89ab", id[19]) != NULL, "%s: variant %c", id, id[19]);
    long long at = id_millis(id);
    ck_assert_msg(at >= from && at <= to, "%s: %lld ms is not within %lld..%lld", id, at, from, to);
}

START_TEST(new_ids_grow_with_the_time_of_their_write)
{
    char *key = ingest_workspace("leads-ids");
    long long before = now_millis();
    char *first = create_lead(key, "2025-01-15T10:00:00Z", "");
    long long between = now_millis();
    usleep(3000);
    struct api_response *batch =
        api_post_json("/v1/leads/batch", key,
                      "{\"items\":[{\"channel\":\"seo\",\"created_at\":\"2025-01-14T10:00:00Z\"},"
                      "{\"channel\":\"ads\",\"created_at\":\"2025-01-13T10:00:00Z\"}]}");
    long long after = now_millis();
    api_assert_status(batch, 200);

    /* the server's clock is this machine's: allow a millisecond of rounding either side */
    assert_time_ordered(first, before - 1, between + 1);
    for (int i = 0; i < 2; i++) {
        const char *id = api_json_string(batch, i ? "/items/1/id" : "/items/0/id");
        ck_assert_ptr_nonnull(id);
        assert_time_ordered(id, between + 2, after + 1);
        /* later writes sort after earlier ones, whatever their created_at */
        ck_assert_int_gt(strcmp(id, first), 0);
    }
    api_response_free(batch);
    free(first);
    free(key);
}
END_TEST

START_TEST(batch_over_1000_items_is_422)
{
    size_t cap = 1001 * 64 + 32;
    char *body = malloc(cap);
    size_t len = (size_t)snprintf(body, cap, "{\"items\":[");
    for (int i = 0; i < 1001; i++)
        len += (size_t)snprintf(body + len, cap - len,
                                "%s{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\"}",
                                i ? "," : "");
    snprintf(body + len, cap - len, "]}");
    struct api_response *r = api_post_json("/v1/leads/batch", api_admin_key(), body);
    api_assert_problem(r, 422);
    assert_field_error(r, "/items");
    api_response_free(r);
    free(body);
}
END_TEST

/* --- validation ------------------------------------------------------------------------- */

/* POSTs body and asserts a 422 naming `field`. */
static void assert_rejected(const char *body, const char *field)
{
    struct api_response *r = api_post_json(LEADS, api_admin_key(), body);
    api_assert_problem(r, 422);
    assert_field_error(r, field);
    api_response_free(r);
}

START_TEST(each_invalid_field_is_named)
{
    assert_rejected("{\"created_at\":\"2025-01-15T10:00:00Z\"}", "/channel");
    assert_rejected("{\"channel\":\"seo\"}", "/created_at");
    assert_rejected("{\"channel\":\"\",\"created_at\":\"2025-01-15T10:00:00Z\"}", "/channel");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00\"}", "/created_at");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-02-30T10:00:00Z\"}", "/created_at");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                    "\"meeting_at\":\"2025-13-01T10:00:00Z\"}",
                    "/meeting_at");
    assert_rejected("{\"channel\":7,\"created_at\":\"2025-01-15T10:00:00Z\"}", "/channel");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                    "\"is_sql\":\"yes\"}",
                    "/is_sql");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                    "\"contact\":\"+79990001122\"}",
                    "/contact");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                    "\"contact\":{\"fax\":\"1\"}}",
                    "/contact/fax");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\",\"colour\":1}",
                    "/colour");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                    "\"attributes\":[1]}",
                    "/attributes");
    assert_rejected(
        "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
        "\"attributes\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{}}}}}}}}}}",
        "/attributes");
}
END_TEST

/* RFC 3339 has four-digit years: a time that is in year 10000 in UTC cannot be stored and
 * shown, whatever its offset; the last second of 9999 in UTC can. */
START_TEST(timestamps_past_year_9999_in_utc_are_422)
{
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"9999-12-31T23:59:59-14:00\"}",
                    "/created_at");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"9999-12-31T10:00:00-14:00\"}",
                    "/created_at");
    assert_rejected("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                    "\"meeting_at\":\"9999-12-31T23:30:00-00:30\"}",
                    "/meeting_at");
    char *id = create_lead(api_admin_key(), "9999-12-31T23:59:59+02:00", "");
    struct api_response *r = get_lead(api_admin_key(), id);
    ck_assert_pstr_eq(api_json_string(r, "/created_at"), "9999-12-31T21:59:59Z");
    api_response_free(r);
    free(id);
}
END_TEST

START_TEST(over_long_strings_are_422)
{
    struct {
        const char *member;
        int limit;
    } cases[] = {{"channel", 200},    {"campaign", 200},       {"external_id", 200},
                 {"utm_source", 200}, {"invalid_reason", 500}, {"lost_reason", 500}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *text = malloc((size_t)cases[c].limit + 2);
        memset(text, 'x', (size_t)cases[c].limit + 1);
        text[cases[c].limit + 1] = '\0';
        char *body = malloc((size_t)cases[c].limit + 200);
        sprintf(body, "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\",\"%s\":\"%s\"}",
                cases[c].member, text);
        if (strcmp(cases[c].member, "channel") == 0)
            sprintf(body, "{\"channel\":\"%s\",\"created_at\":\"2025-01-15T10:00:00Z\"}", text);
        char field[40];
        snprintf(field, sizeof field, "/%s", cases[c].member);
        assert_rejected(body, field);
        free(body);
        free(text);
    }
    char phone[60], name[310];
    memset(phone, '1', 51);
    phone[51] = '\0';
    memset(name, 'n', 301);
    name[301] = '\0';
    char body[512];
    snprintf(body, sizeof body,
             "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
             "\"contact\":{\"phone\":\"%s\"}}",
             phone);
    assert_rejected(body, "/contact/phone");
    snprintf(body, sizeof body,
             "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
             "\"contact\":{\"name\":\"%s\"}}",
             name);
    assert_rejected(body, "/contact/name");
}
END_TEST

START_TEST(bodies_that_are_not_lead_objects_are_rejected)
{
    struct api_response *array = api_post_json(LEADS, api_admin_key(), "[]");
    api_assert_problem(array, 422);
    struct api_response *dup = api_post_json(
        LEADS, api_admin_key(),
        "{\"channel\":\"seo\",\"channel\":\"ads\",\"created_at\":\"2025-01-15T10:00:00Z\"}");
    api_assert_problem(dup, 422);
    struct api_response *broken = api_post_json(LEADS, api_admin_key(), "{\"channel\":");
    api_assert_problem(broken, 400);
    struct api_response *text =
        api_request("POST", LEADS, api_admin_key(), "text/plain", "channel=seo");
    api_assert_problem(text, 415);
    api_response_free(text);
    api_response_free(broken);
    api_response_free(dup);
    api_response_free(array);
}
END_TEST

START_TEST(read_only_members_are_ignored)
{
    struct api_response *r = post_lead(api_admin_key(), "2025-01-15T10:00:00Z",
                                       "\"id\":\"00000000-0000-4000-8000-000000000001\","
                                       "\"valid\":false,\"stage\":\"won\"");
    api_assert_status(r, 201);
    ck_assert_str_ne(api_json_string(r, "/id"), "00000000-0000-4000-8000-000000000001");
    ck_assert_pstr_eq(api_json_string(r, "/stage"), "new");
    api_response_free(r);
}
END_TEST

/* --- derived fields --------------------------------------------------------------------- */

START_TEST(validity_needs_a_usable_phone_or_email)
{
    char *key = ingest_workspace("leads-validity");
    struct {
        const char *contact;
        bool valid;
    } cases[] = {
        {"{\"phone\":\"+7 (999) 123-45-67\"}", true}, /* 11 digits */
        {"{\"phone\":\"999-12-34\"}", false},         /* 7 digits */
        {"{\"phone\":\"1234567890123456\"}", false},  /* 16 digits */
        {"{\"email\":\" Anna@Example.COM \"}", true}, {"{\"email\":\"anna@localhost\"}", false},
        {"{\"email\":\"@example.com\"}", false},      {"{\"name\":\"Anna\"}", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char extra[160], created[32];
        snprintf(extra, sizeof extra, "\"contact\":%s", cases[i].contact);
        /* far apart, so that no lead is another's duplicate */
        snprintf(created, sizeof created, "20%02zu-01-15T10:00:00Z", 10 + i);
        struct api_response *r = post_lead(key, created, extra);
        api_assert_status(r, 201);
        ck_assert_msg(json_is_true(api_json_at(r, "/valid")) == cases[i].valid,
                      "contact %s: valid %s", cases[i].contact,
                      json_is_true(api_json_at(r, "/valid")) ? "true" : "false");
        api_response_free(r);
    }
    free(key);
}
END_TEST

START_TEST(target_regions_limit_validity)
{
    char *key = ingest_workspace("leads-regions");
    struct api_response *s =
        api_sendf("PUT", "/v1/settings", key, "{\"target_regions\":[\"Moscow\",\"Kazan\"]}");
    api_assert_status(s, 200);
    api_response_free(s);
    const char *regions[] = {"\"moscow\"", "\"Tver\"", "null"};
    const bool valid[] = {true, false, false};
    for (int i = 0; i < 3; i++) {
        char extra[160], created[32];
        snprintf(extra, sizeof extra, "\"region\":%s,\"contact\":{\"email\":\"r%d@example.com\"}",
                 regions[i], i);
        snprintf(created, sizeof created, "2025-0%d-15T10:00:00Z", i + 1);
        struct api_response *r = post_lead(key, created, extra);
        api_assert_status(r, 201);
        ck_assert_msg(json_is_true(api_json_at(r, "/valid")) == valid[i], "region %s", regions[i]);
        api_response_free(r);
    }
    free(key);
}
END_TEST

START_TEST(duplicates_within_the_window_are_not_valid)
{
    char *key = ingest_workspace("leads-duplicates");
    char *a =
        create_lead(key, "2025-03-01T10:00:00Z",
                    "\"contact\":{\"phone\":\"+7 999 000-11-22\",\"email\":\"a@example.com\"}");
    /* 9 days later, the same phone written differently */
    struct api_response *b =
        post_lead(key, "2025-03-10T10:00:00Z", "\"contact\":{\"phone\":\"79990001122\"}");
    api_assert_status(b, 201);
    ck_assert_pstr_eq(api_json_string(b, "/duplicate_of"), a);
    ck_assert(!json_true_at(b, "/valid"));
    /* the same e-mail in another case */
    struct api_response *d =
        post_lead(key, "2025-03-12T10:00:00Z", "\"contact\":{\"email\":\"A@Example.com\"}");
    ck_assert_pstr_eq(api_json_string(d, "/duplicate_of"), a);
    ck_assert(!json_true_at(d, "/valid"));
    /* the sender's is_valid wins */
    struct api_response *e = post_lead(key, "2025-03-11T10:00:00Z",
                                       "\"is_valid\":true,\"contact\":{\"phone\":\"79990001122\"}");
    ck_assert_pstr_eq(api_json_string(e, "/duplicate_of"), a);
    ck_assert(json_true_at(e, "/valid"));
    /* 2025-04-20: 41 days after the latest earlier lead with this phone (03-10) is outside
     * the 30-day window, so not a duplicate */
    struct api_response *c =
        post_lead(key, "2025-04-20T10:00:00Z", "\"contact\":{\"phone\":\"79990001122\"}");
    ck_assert(json_is_null(api_json_at(c, "/duplicate_of")));
    ck_assert(json_true_at(c, "/valid"));
    api_response_free(c);
    api_response_free(e);
    api_response_free(d);
    api_response_free(b);
    free(a);
    free(key);
}
END_TEST

START_TEST(an_earlier_lead_arriving_late_takes_over_as_original)
{
    char *key = ingest_workspace("leads-late-original");
    char *a = create_lead(key, "2025-03-01T10:00:00Z", "\"contact\":{\"phone\":\"79990003344\"}");
    char *b = create_lead(key, "2025-03-10T10:00:00Z", "\"contact\":{\"phone\":\"79990003344\"}");
    /* posted last, created first */
    char *f = create_lead(key, "2025-02-25T10:00:00Z", "\"contact\":{\"phone\":\"79990003344\"}");
    struct api_response *ra = get_lead(key, a), *rb = get_lead(key, b), *rf = get_lead(key, f);
    ck_assert(json_is_null(api_json_at(rf, "/duplicate_of")));
    ck_assert(json_true_at(rf, "/valid"));
    ck_assert_pstr_eq(api_json_string(ra, "/duplicate_of"), f);
    ck_assert(!json_true_at(ra, "/valid"));
    ck_assert_pstr_eq(api_json_string(rb, "/duplicate_of"), f); /* 13 days after f */
    api_response_free(rf);
    api_response_free(rb);
    api_response_free(ra);
    free(f);
    free(b);
    free(a);
    free(key);
}
END_TEST

/* A PATCH that moves a lead to another phone settles both people again: the later leads of
 * the phone it leaves fall back to the earliest of them, and the lead becomes a duplicate of
 * an earlier lead of the phone it joins. */
START_TEST(a_patch_that_moves_a_phone_settles_the_duplicates_of_both_phones)
{
    char *key = ingest_workspace("leads-moved-phone");
    char *d = create_lead(key, "2025-02-27T10:00:00Z", "\"contact\":{\"phone\":\"79990009902\"}");
    char *a = create_lead(key, "2025-03-01T10:00:00Z", "\"contact\":{\"phone\":\"79990009901\"}");
    char *b = create_lead(key, "2025-03-05T10:00:00Z", "\"contact\":{\"phone\":\"79990009901\"}");
    char *c = create_lead(key, "2025-03-10T10:00:00Z", "\"contact\":{\"phone\":\"79990009901\"}");
    struct api_response *rc = get_lead(key, c);
    ck_assert_pstr_eq(api_json_string(rc, "/duplicate_of"), a);
    api_response_free(rc);

    struct api_response *r = api_sendf("PATCH", ingest_path(LEADS, a), key,
                                       "{\"contact\":{\"phone\":\"+7 999 000-99-02\"}}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/duplicate_of"), d); /* 2 days after d */
    ck_assert(!json_true_at(r, "/valid"));
    struct api_response *rb = get_lead(key, b);
    rc = get_lead(key, c);
    ck_assert(json_is_null(api_json_at(rb, "/duplicate_of")));
    ck_assert(json_true_at(rb, "/valid"));
    ck_assert_pstr_eq(api_json_string(rc, "/duplicate_of"), b); /* 5 days after b */
    ck_assert(!json_true_at(rc, "/valid"));
    api_response_free(rc);
    api_response_free(rb);
    api_response_free(r);
    free(c);
    free(b);
    free(a);
    free(d);
    free(key);
}
END_TEST

/* One batch: leads of one person in any order among themselves and around a stored lead. */
START_TEST(duplicates_within_one_batch_follow_creation_order)
{
    char *key = ingest_workspace("leads-batch-duplicates");
    char *stored =
        create_lead(key, "2025-03-20T10:00:00Z", "\"contact\":{\"phone\":\"79990007788\"}");
    struct api_response *b =
        api_post_json("/v1/leads/batch", key,
                      "{\"items\":["
                      "{\"channel\":\"seo\",\"created_at\":\"2025-03-10T10:00:00Z\","
                      "\"contact\":{\"phone\":\"+7 999 000-77-88\"}},"
                      "{\"channel\":\"seo\",\"created_at\":\"2025-03-01T10:00:00Z\","
                      "\"contact\":{\"phone\":\"79990007788\"}},"
                      "{\"channel\":\"seo\",\"created_at\":\"2025-03-05T10:00:00Z\","
                      "\"contact\":{\"phone\":\"79990009900\",\"email\":\"b@example.com\"}},"
                      "{\"channel\":\"seo\",\"created_at\":\"2025-03-03T10:00:00Z\","
                      "\"contact\":{\"email\":\"B@example.com\"}},"
                      "{\"channel\":\"seo\",\"created_at\":\"2025-03-03T10:00:00Z\","
                      "\"contact\":{\"email\":\"c@example.com\"}}]}");
    api_assert_status(b, 200);
    const char *id[5];
    for (int i = 0; i < 5; i++) {
        char pointer[32];
        snprintf(pointer, sizeof pointer, "/items/%d/id", i);
        id[i] = api_json_string(b, pointer);
        ck_assert_ptr_nonnull(id[i]);
    }
    /* earliest of the phone: item 1; the others with it, stored lead included, point at it */
    const char *dup_of[5] = {id[1], NULL, id[3], NULL, NULL};
    for (int i = 0; i < 5; i++) {
        struct api_response *r = get_lead(key, id[i]);
        if (dup_of[i] == NULL)
            ck_assert_msg(json_is_null(api_json_at(r, "/duplicate_of")), "item %d", i);
        else
            ck_assert_pstr_eq(api_json_string(r, "/duplicate_of"), dup_of[i]);
        ck_assert_msg(json_true_at(r, "/valid") == (dup_of[i] == NULL), "item %d", i);
        api_response_free(r);
    }
    struct api_response *r = get_lead(key, stored);
    ck_assert_pstr_eq(api_json_string(r, "/duplicate_of"), id[1]);
    ck_assert(!json_true_at(r, "/valid"));
    api_response_free(r);
    api_response_free(b);
    free(stored);
    free(key);
}
END_TEST

START_TEST(dedupe_window_zero_turns_detection_off)
{
    char *key = ingest_workspace("leads-no-dedupe");
    struct api_response *s = api_sendf("PUT", "/v1/settings", key, "{\"dedupe_window_days\":0}");
    api_assert_status(s, 200);
    api_response_free(s);
    free(create_lead(key, "2025-03-01T10:00:00Z", "\"contact\":{\"phone\":\"79990005566\"}"));
    struct api_response *r =
        post_lead(key, "2025-03-01T11:00:00Z", "\"contact\":{\"phone\":\"79990005566\"}");
    ck_assert(json_is_null(api_json_at(r, "/duplicate_of")));
    ck_assert(json_true_at(r, "/valid"));
    api_response_free(r);
    free(key);
}
END_TEST

START_TEST(stage_is_the_latest_step_reached)
{
    struct {
        const char *steps;
        const char *stage;
    } cases[] = {
        {"", "new"},
        {"\"first_contact_at\":\"2025-01-15T11:00:00Z\"", "contacted"},
        {"\"first_contact_at\":\"2025-01-15T11:00:00Z\",\"meeting_at\":\"2025-01-16T11:00:00Z\"",
         "meeting"},
        {"\"meeting_at\":\"2025-01-16T11:00:00Z\",\"proposal_at\":\"2025-01-17T11:00:00Z\"",
         "proposal"},
        {"\"proposal_at\":\"2025-01-17T11:00:00Z\",\"lost_at\":\"2025-01-18T11:00:00Z\","
         "\"lost_reason\":\"price\"",
         "lost"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct api_response *r = post_lead(api_admin_key(), "2025-01-15T10:00:00Z", cases[i].steps);
        api_assert_status(r, 201);
        ck_assert_pstr_eq(api_json_string(r, "/stage"), cases[i].stage);
        api_response_free(r);
    }
}
END_TEST

START_TEST(reaction_minutes_count_working_time_only)
{
    char *key = ingest_workspace("leads-reaction");
    /* Wednesday 10:00 UTC to 11:30 UTC, default calendar in UTC: 90 minutes */
    struct api_response *r =
        post_lead(key, "2025-01-15T10:00:00Z", "\"first_contact_at\":\"2025-01-15T11:30:00Z\"");
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/reaction_minutes")), 90);
    api_response_free(r);
    /* contacted "before" it was created: accepted, 0 minutes */
    r = post_lead(key, "2025-01-15T10:00:00Z", "\"first_contact_at\":\"2025-01-15T09:00:00Z\"");
    api_assert_status(r, 201);
    ck_assert_int_eq(json_integer_value(api_json_at(r, "/reaction_minutes")), 0);
    api_response_free(r);
    /* not contacted: null */
    r = post_lead(key, "2025-01-15T10:00:00Z", "");
    ck_assert(json_is_null(api_json_at(r, "/reaction_minutes")));
    api_response_free(r);
    free(key);
}
END_TEST

/* --- PATCH and DELETE ------------------------------------------------------------------- */

START_TEST(patch_merges_and_null_clears)
{
    char *id = create_lead(api_admin_key(), "2025-01-15T10:00:00Z",
                           "\"campaign\":\"winter\",\"first_contact_at\":\"2025-01-15T11:00:00Z\","
                           "\"meeting_at\":\"2025-01-16T11:00:00Z\","
                           "\"contact\":{\"email\":\"patch@example.com\"}");
    struct api_response *r = api_sendf("PATCH", ingest_path(LEADS, id), api_admin_key(),
                                       "{\"is_valid\":false,\"invalid_reason\":\"not target\","
                                       "\"meeting_at\":null,\"is_sql\":true}");
    api_assert_status(r, 200);
    ck_assert(json_is_false(api_json_at(r, "/is_valid")));
    ck_assert(!json_true_at(r, "/valid"));
    ck_assert_pstr_eq(api_json_string(r, "/invalid_reason"), "not target");
    ck_assert(json_is_null(api_json_at(r, "/meeting_at")));
    ck_assert_pstr_eq(api_json_string(r, "/stage"), "contacted");
    ck_assert(json_true_at(r, "/is_sql"));
    ck_assert_pstr_eq(api_json_string(r, "/campaign"), "winter");
    ck_assert_pstr_eq(api_json_string(r, "/contact/email"), "patch@example.com");
    api_response_free(r);

    /* is_valid: null hands validity back to the rules */
    r = api_sendf("PATCH", ingest_path(LEADS, id), api_admin_key(), "{\"is_valid\":null}");
    api_assert_status(r, 200);
    ck_assert(json_true_at(r, "/valid"));
    api_response_free(r);

    r = api_request("PATCH", ingest_path(LEADS, id), api_admin_key(), "application/json",
                    "{\"lost_at\":\"2025-02-01T10:00:00Z\"}");
    api_assert_status(r, 200);
    ck_assert_pstr_eq(api_json_string(r, "/stage"), "lost");
    api_response_free(r);
    free(id);
}
END_TEST

START_TEST(patch_rejects_bad_members_and_unknown_ids)
{
    char *id = create_lead(api_admin_key(), "2025-01-15T10:00:00Z", "\"external_id\":\"p-1\"");
    struct api_response *r = api_sendf("PATCH", ingest_path(LEADS, id), api_admin_key(),
                                       "{\"external_id\":\"p-2\",\"channel\":null,"
                                       "\"lost_at\":\"yesterday\"}");
    api_assert_problem(r, 422);
    assert_field_error(r, "/external_id");
    assert_field_error(r, "/channel");
    assert_field_error(r, "/lost_at");
    api_response_free(r);
    r = api_sendf("PATCH", ingest_path(LEADS, "00000000-0000-4000-8000-000000000000"),
                  api_admin_key(), "{\"is_sql\":true}");
    api_assert_problem(r, 404);
    api_response_free(r);
    r = api_sendf("PATCH", ingest_path(LEADS, "not-a-uuid"), api_admin_key(), "{}");
    api_assert_problem(r, 404);
    api_response_free(r);
    free(id);
}
END_TEST

START_TEST(delete_erases_contact_but_the_lead_still_counts)
{
    char *key = ingest_workspace("leads-erase");
    char *id = create_lead(key, "2025-01-15T10:00:00Z",
                           "\"external_id\":\"gdpr-1\",\"contact\":{\"name\":\"Anna\","
                           "\"phone\":\"+7 999 111-22-33\",\"email\":\"anna@example.com\"}");
    struct api_response *del = api_delete(ingest_path(LEADS, id), key);
    api_assert_status(del, 204);
    struct api_response *r = get_lead(key, id);
    ck_assert(json_is_null(api_json_at(r, "/contact/name")));
    ck_assert(json_is_null(api_json_at(r, "/contact/phone")));
    ck_assert(json_is_null(api_json_at(r, "/contact/email")));
    ck_assert_ptr_nonnull(api_json_string(r, "/erased_at"));
    ck_assert(json_true_at(r, "/valid"));
    ck_assert_pstr_eq(api_json_string(r, "/channel"), "seo");
    char *norm = api_sql_value("SELECT count(*) FROM leads WHERE id = $1::uuid"
                               " AND phone_norm IS NULL AND email_norm IS NULL",
                               id);
    ck_assert_str_eq(norm, "1");
    free(norm);
    ck_assert_int_eq(ingest_count("leads", "leads-erase"), 1);

    struct api_response *again = api_delete(ingest_path(LEADS, id), key);
    api_assert_status(again, 204);
    /* the CRM re-sending the lead does not bring the contact back */
    struct api_response *resent = post_lead(key, "2025-01-15T10:00:00Z",
                                            "\"external_id\":\"gdpr-1\","
                                            "\"contact\":{\"name\":\"Anna\"}");
    api_assert_status(resent, 200);
    ck_assert(json_is_null(api_json_at(resent, "/contact/name")));
    struct api_response *missing =
        api_delete(ingest_path(LEADS, "00000000-0000-4000-8000-000000000000"), key);
    api_assert_problem(missing, 404);
    api_response_free(missing);
    api_response_free(resent);
    api_response_free(again);
    api_response_free(r);
    api_response_free(del);
    free(id);
    free(key);
}
END_TEST

/* Erasing a lead also erases its contact from the stored answer of the POST that created it:
 * a replay of that POST (same Idempotency-Key, same body) answers the lead as erased. */
START_TEST(erasure_reaches_the_stored_idempotent_answer)
{
    char *key = ingest_workspace("leads-erase-idem");
    const char *body = "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                       "\"attributes\":{\"note\":\"call Anna\"},"
                       "\"contact\":{\"name\":\"Anna\",\"phone\":\"+7 999 111-22-34\"}}";
    struct api_response *first =
        api_request("POST", LEADS, key, "application/json", body, "Idempotency-Key: erase-1");
    api_assert_status(first, 201);
    const char *id = api_json_string(first, "/id");
    struct api_response *del = api_delete(ingest_path(LEADS, id), key);
    api_assert_status(del, 204);
    struct api_response *replay =
        api_request("POST", LEADS, key, "application/json", body, "Idempotency-Key: erase-1");
    api_assert_status(replay, 201);
    ck_assert_pstr_eq(api_header(replay, "Idempotency-Replayed"), "true");
    ck_assert_pstr_eq(api_json_string(replay, "/id"), id);
    ck_assert_ptr_null(strstr(replay->body, "Anna"));
    ck_assert_ptr_null(strstr(replay->body, "111-22-34"));
    ck_assert(json_is_null(api_json_at(replay, "/contact/name")));
    ck_assert(json_is_null(api_json_at(replay, "/contact/phone")));
    ck_assert(json_is_null(api_json_at(replay, "/contact/email")));
    ck_assert_int_eq(json_object_size(api_json_at(replay, "/attributes")), 0);
    ck_assert_pstr_eq(api_json_string(replay, "/channel"), "seo");
    /* its times as the lead shows them now */
    struct api_response *now = get_lead(key, id);
    ck_assert_ptr_nonnull(api_json_string(now, "/erased_at"));
    ck_assert_pstr_eq(api_json_string(replay, "/erased_at"), api_json_string(now, "/erased_at"));
    ck_assert_pstr_eq(api_json_string(replay, "/updated_at"), api_json_string(now, "/updated_at"));
    api_response_free(now);
    api_response_free(replay);
    api_response_free(del);
    api_response_free(first);
    free(key);
}
END_TEST

/* --- lists ------------------------------------------------------------------------------ */

START_TEST(list_walks_every_lead_once_with_a_cursor)
{
    char *key = ingest_workspace("leads-list");
    char *ids[5];
    for (int i = 0; i < 5; i++) {
        char created[32];
        snprintf(created, sizeof created, "2025-01-1%dT10:00:00Z", i + 1);
        ids[i] = create_lead(key, created, "");
    }
    int seen[5] = {0}, pages = 0;
    char path[512] = "/v1/leads?limit=2";
    for (;;) {
        struct api_response *r = api_get(path, key);
        api_assert_status(r, 200);
        pages++;
        size_t i;
        json_t *item;
        json_array_foreach(api_json_at(r, "/items"), i, item)
        {
            const char *id = json_string_value(json_object_get(item, "id"));
            for (int k = 0; k < 5; k++)
                seen[k] += strcmp(id, ids[k]) == 0;
        }
        const char *next = api_json_string(r, "/next_cursor");
        if (next == NULL) {
            api_response_free(r);
            break;
        }
        snprintf(path, sizeof path, "/v1/leads?limit=2&cursor=%s", next);
        api_response_free(r);
    }
    ck_assert_int_eq(pages, 3);
    for (int k = 0; k < 5; k++)
        ck_assert_int_eq(seen[k], 1);
    for (int k = 0; k < 5; k++)
        free(ids[k]);
    free(key);
}
END_TEST

static size_t list_count(const char *path, const char *key)
{
    struct api_response *r = api_get(path, key);
    api_assert_status(r, 200);
    size_t n = json_array_size(api_json_at(r, "/items"));
    api_response_free(r);
    return n;
}

START_TEST(list_filters_by_time_channel_validity_and_stage)
{
    char *key = ingest_workspace("leads-filters");
    free(create_lead(key, "2025-01-10T10:00:00Z", "\"contact\":{\"email\":\"f1@example.com\"}"));
    free(create_lead(key, "2025-02-10T10:00:00Z", "\"contact\":{\"email\":\"f2@example.com\"}"));
    struct api_response *r = api_sendf("POST", LEADS, key,
                                       "{\"channel\":\"ads\",\"created_at\":"
                                       "\"2025-02-20T10:00:00Z\",\"first_contact_at\":"
                                       "\"2025-02-20T11:00:00Z\"}");
    api_assert_status(r, 201);
    api_response_free(r);
    ck_assert_uint_eq(list_count("/v1/leads", key), 3);
    ck_assert_uint_eq(list_count("/v1/leads?from=2025-02-01T00:00:00Z", key), 2);
    ck_assert_uint_eq(list_count("/v1/leads?to=2025-02-10T10:00:00Z", key), 1); /* exclusive */
    ck_assert_uint_eq(
        list_count("/v1/leads?from=2025-02-01T00:00:00%2B03:00&to=2025-02-15T00:00:00Z", key), 1);
    ck_assert_uint_eq(list_count("/v1/leads?channel=ads", key), 1);
    ck_assert_uint_eq(list_count("/v1/leads?valid=false", key), 1);
    ck_assert_uint_eq(list_count("/v1/leads?valid=true", key), 2);
    ck_assert_uint_eq(list_count("/v1/leads?stage=contacted", key), 1);
    const char *bad[] = {"/v1/leads?from=2025-02-01", "/v1/leads?valid=yes", "/v1/leads?stage=done",
                         "/v1/leads?limit=0", "/v1/leads?cursor=bm90IGEgY3Vyc29y"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct api_response *b = api_get(bad[i], key);
        api_assert_problem(b, 422);
        api_response_free(b);
    }
    free(key);
}
END_TEST

/* --- isolation and scopes --------------------------------------------------------------- */

START_TEST(another_workspace_sees_nothing)
{
    char *id = create_lead(api_admin_key(), "2025-01-15T10:00:00Z", "\"external_id\":\"iso-1\"");
    char *theirs = api_new_workspace_key("leads-other", "admin");
    struct api_response *get = api_get(ingest_path(LEADS, id), theirs);
    api_assert_problem(get, 404);
    struct api_response *patch =
        api_sendf("PATCH", ingest_path(LEADS, id), theirs, "{\"is_sql\":true}");
    api_assert_problem(patch, 404);
    struct api_response *del = api_delete(ingest_path(LEADS, id), theirs);
    api_assert_problem(del, 404);
    ck_assert_uint_eq(list_count("/v1/leads", theirs), 0);
    /* the same natural key in their workspace is their own lead */
    struct api_response *same =
        post_lead(theirs, "2025-01-15T10:00:00Z", "\"external_id\":\"iso-1\"");
    api_assert_status(same, 201);
    ck_assert_str_ne(api_json_string(same, "/id"), id);
    struct api_response *ours = get_lead(api_admin_key(), id);
    ck_assert(!json_true_at(ours, "/is_sql"));
    ck_assert_ptr_null(api_json_string(ours, "/erased_at"));
    api_response_free(ours);
    api_response_free(same);
    api_response_free(del);
    api_response_free(patch);
    api_response_free(get);
    free(theirs);
    free(id);
}
END_TEST

/* The members of a response body, comma-separated ("a,b/c": nested ones too). */
static void collect_members(json_t *obj, const char *prefix, char *out, size_t size)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        char name[128];
        snprintf(name, sizeof name, "%s%s", prefix, key);
        if (json_is_object(value) && json_object_size(value) > 0) {
            char nested[136];
            snprintf(nested, sizeof nested, "%s/", name);
            collect_members(value, nested, out, size);
        } else {
            snprintf(out + strlen(out), size - strlen(out), "%s%s", *out ? "," : "", name);
        }
    }
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Asserts the body's members are exactly `want` (sorted, as collect_members names them). */
static void assert_members(const struct api_response *r, const char *want)
{
    char list[1024] = "", got[1024] = "";
    collect_members(r->json, "", list, sizeof list);
    char *names[64];
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t && n < 64;
         t = strtok_r(NULL, ",", &save))
        names[n++] = t;
    qsort(names, n, sizeof names[0], compare_names);
    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "", names[i]);
    ck_assert_msg(strcmp(got, want) == 0, "%s %s: members %s, expected %s; body %s", r->method,
                  r->path, got, want, r->body);
}

/* A key with only the ingest scope cannot GET a lead, so no write may show it one either:
 * it sees the id and what it sent, whatever the stored lead holds. */
START_TEST(an_ingest_key_is_shown_only_what_it_wrote)
{
    char *admin = ingest_workspace("leads-ingest-only");
    char *ingest = api_new_workspace_key("leads-ingest-only", "ingest");
    char *id = create_lead(admin, "2025-01-15T10:00:00Z",
                           "\"source\":\"crm\",\"external_id\":\"X1\",\"region\":\"Moscow\","
                           "\"contact\":{\"name\":\"Anna\",\"phone\":\"+7 900 123-45-67\","
                           "\"email\":\"anna@example.com\"},\"attributes\":{\"price\":5}");
    struct api_response *r = api_sendf("PATCH", ingest_path(LEADS, id), ingest, "{}");
    api_assert_status(r, 200);
    assert_members(r, "id");
    ck_assert_pstr_eq(api_json_string(r, "/id"), id);
    api_response_free(r);

    /* a re-post with the natural key: the stored contact, region and attributes stay hidden,
     * and so does the read-only stage it sent back */
    r = post_lead(ingest, "2025-01-15T10:00:00Z",
                  "\"source\":\"crm\",\"external_id\":\"X1\",\"contact\":{\"name\":\"Anna B\"},"
                  "\"stage\":\"won\"");
    api_assert_status(r, 200);
    assert_members(r, "channel,contact/name,created_at,external_id,id,source");
    ck_assert_pstr_eq(api_json_string(r, "/contact/name"), "Anna B");
    ck_assert_pstr_eq(api_json_string(r, "/created_at"), "2025-01-15T10:00:00Z");
    api_response_free(r);

    /* an Idempotency-Key replay of the admin's write shows the ingest key no more */
    const char *body = "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                       "\"contact\":{\"email\":\"b@example.com\"}}";
    struct api_response *first = api_request("POST", LEADS, admin, "application/json", body,
                                             "Idempotency-Key: ingest-only-1");
    api_assert_status(first, 201);
    ck_assert_ptr_nonnull(api_json_at(first, "/ingested_at"));
    r = api_request("POST", LEADS, ingest, "application/json", body,
                    "Idempotency-Key: ingest-only-1");
    api_assert_status(r, 201);
    ck_assert_pstr_eq(api_header(r, "Idempotency-Replayed"), "true");
    assert_members(r, "channel,contact/email,created_at,id");
    ck_assert_pstr_eq(api_json_string(r, "/id"), api_json_string(first, "/id"));
    api_response_free(r);
    api_response_free(first);

    /* nothing changed, and a read key still sees the whole lead */
    r = get_lead(admin, id);
    ck_assert_pstr_eq(api_json_string(r, "/contact/phone"), "+7 900 123-45-67");
    ck_assert_pstr_eq(api_json_string(r, "/region"), "Moscow");
    api_response_free(r);
    free(id);
    free(ingest);
    free(admin);
}
END_TEST

START_TEST(a_read_only_key_cannot_write)
{
    char *reader = api_new_workspace_key("api-test", "read");
    struct api_response *post = post_lead(reader, "2025-01-15T10:00:00Z", "");
    api_assert_problem(post, 403);
    struct api_response *list = api_get("/v1/leads?limit=1", reader);
    api_assert_status(list, 200);
    api_response_free(list);
    api_response_free(post);
    free(reader);
}
END_TEST

Suite *api_leads_suite(void)
{
    Suite *s = suite_create("api_leads");
    TCase *write = tcase_create("write");
    tcase_set_timeout(write, 60);
    tcase_add_test(write, create_then_replay_gives_the_same_id_and_body);
    tcase_add_test(write, concurrent_identical_posts_make_one_row_and_identical_bodies);
    tcase_add_test(write, concurrent_posts_share_a_transaction_and_settle_duplicates);
    tcase_add_test(write, a_failing_post_does_not_fail_the_posts_sharing_its_transaction);
    tcase_add_test(write, a_post_does_not_wait_for_the_commit_of_the_group_before_it);
    tcase_add_test(write, idempotency_key_replays_and_rejects_another_body);
    tcase_add_test(write, expired_idempotency_responses_are_purged);
    tcase_add_test(write, the_purge_reads_a_few_pages_per_row_whatever_the_statistics);
    tcase_add_test(write, repost_with_fewer_members_keeps_the_others);
    tcase_add_test(write, batch_stores_valid_items_and_reports_the_others);
    tcase_add_test(write, every_member_of_a_batch_is_stored_as_sent);
    tcase_add_test(write, batch_over_1000_items_is_422);
    tcase_add_test(write, new_ids_grow_with_the_time_of_their_write);
    suite_add_tcase(s, write);

    TCase *validation = tcase_create("validation");
    tcase_set_timeout(validation, 30);
    tcase_add_test(validation, each_invalid_field_is_named);
    tcase_add_test(validation, over_long_strings_are_422);
    tcase_add_test(validation, timestamps_past_year_9999_in_utc_are_422);
    tcase_add_test(validation, bodies_that_are_not_lead_objects_are_rejected);
    tcase_add_test(validation, read_only_members_are_ignored);
    suite_add_tcase(s, validation);

    TCase *derived = tcase_create("derived");
    tcase_set_timeout(derived, 30);
    tcase_add_test(derived, validity_needs_a_usable_phone_or_email);
    tcase_add_test(derived, target_regions_limit_validity);
    tcase_add_test(derived, duplicates_within_the_window_are_not_valid);
    tcase_add_test(derived, duplicates_within_one_batch_follow_creation_order);
    tcase_add_test(derived, an_earlier_lead_arriving_late_takes_over_as_original);
    tcase_add_test(derived, a_patch_that_moves_a_phone_settles_the_duplicates_of_both_phones);
    tcase_add_test(derived, dedupe_window_zero_turns_detection_off);
    tcase_add_test(derived, stage_is_the_latest_step_reached);
    tcase_add_test(derived, reaction_minutes_count_working_time_only);
    suite_add_tcase(s, derived);

    TCase *change = tcase_create("patch_delete");
    tcase_set_timeout(change, 30);
    tcase_add_test(change, patch_merges_and_null_clears);
    tcase_add_test(change, patch_rejects_bad_members_and_unknown_ids);
    tcase_add_test(change, delete_erases_contact_but_the_lead_still_counts);
    tcase_add_test(change, erasure_reaches_the_stored_idempotent_answer);
    suite_add_tcase(s, change);

    TCase *read = tcase_create("read");
    tcase_set_timeout(read, 30);
    tcase_add_test(read, list_walks_every_lead_once_with_a_cursor);
    tcase_add_test(read, list_filters_by_time_channel_validity_and_stage);
    tcase_add_test(read, another_workspace_sees_nothing);
    tcase_add_test(read, a_read_only_key_cannot_write);
    tcase_add_test(read, an_ingest_key_is_shown_only_what_it_wrote);
    suite_add_tcase(s, read);
    return s;
}
