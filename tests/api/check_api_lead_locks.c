/* API tests of the lead writers' locks (src/kpid/store/sql/lead_lock_writers.sql): writes of
 * different people run side by side, batches included; writes of one person wait for each
 * other and settle duplicates by creation time, and so do writers of one lead, whatever
 * contact it leaves or key they name it by; the lock rows left behind are pruned. */
#include "ingest_util.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH "/v1/leads/batch"
#define BATCH_LEADS 10 /* more than a write that once locked its contacts (8) */

/* A request run on a thread of its own: a batch POST, or `method` to `path` when set. */
struct poster {
    const char *key;
    const char *method;
    char path[128];
    char body[4096];
    pthread_t thread;
    struct api_response *r; /* set when the request returned */
};

static void *post(void *arg)
{
    struct poster *p = arg;
    p->r = p->method ? api_sendf(p->method, p->path, p->key, "%s", p->body)
                     : api_post_json(BATCH, p->key, p->body);
    return NULL;
}

/*
 * A batch of BATCH_LEADS leads on 2025-06-02 with phones 7999<series>000<i>, and, with
 * `phone`, one more lead at `created_at` with that phone (the last item).
 */
static void batch_body(char *body, size_t size, int series, const char *phone,
                       const char *created_at)
{
    size_t n = (size_t)snprintf(body, size, "{\"items\":[");
    for (int i = 0; i < BATCH_LEADS; i++)
        n += (size_t)snprintf(body + n, size - n,
                              "%s{\"channel\":\"seo\",\"created_at\":\"2025-06-02T1%d:00:00Z\","
                              "\"contact\":{\"phone\":\"7999%03d000%d\"}}",
                              i ? "," : "", i % 10, series, i);
    if (phone != NULL)
        n += (size_t)snprintf(body + n, size - n,
                              ",{\"channel\":\"seo\",\"created_at\":\"%s\","
                              "\"contact\":{\"phone\":\"%s\"}}",
                              created_at, phone);
    snprintf(body + n, size - n, "]}");
    ck_assert_uint_lt(n + 2, size);
}

static void start(struct poster *p)
{
    p->r = NULL;
    ck_assert_int_eq(pthread_create(&p->thread, NULL, post, p), 0);
}

static void finish(struct poster *p)
{
    pthread_join(p->thread, NULL);
    api_assert_status(p->r, 200);
}

/* A session of its own with a transaction open, in which it ran `sql` (end it with release,
 * or with ROLLBACK and PQfinish). */
static PGconn *open_transaction(const char *sql)
{
    PGconn *conn = PQconnectdb(getenv("KPID_TEST_DATABASE_URL"));
    ck_assert_int_eq(PQstatus(conn), CONNECTION_OK);
    free(ingest_sql_on(conn, "BEGIN"));
    free(ingest_sql_on(conn, sql));
    return conn;
}

/* Holds the lock row of `key` ("p:" phone_norm, "k:" source/external_id, "i:" id) as a
 * writer of it would, on a connection of its own, until the caller's COMMIT on it. */
static PGconn *hold_key(const char *ws, const char *key)
{
    char hold[400];
    snprintf(hold, sizeof hold,
             "INSERT INTO lead_write_locks (workspace_id, key)"
             " VALUES ('%s', hashtextextended('%s', 0))"
             " ON CONFLICT (workspace_id, key) DO UPDATE SET key = excluded.key",
             ws, key);
    return open_transaction(hold);
}

static void release(PGconn *holder)
{
    free(ingest_sql_on(holder, "COMMIT"));
    PQfinish(holder);
}

/* Waits (up to 10 s) until `sql`, given `param` (NULL: none), reads `want` (asserted). Asked
 * on a connection of its own each time: a session's view of pg_stat_activity holds still
 * within a transaction. */
static void wait_for_value(const char *sql, const char *param, const char *want)
{
    char *got = NULL;
    for (int t = 0; t < 400; t++) {
        free(got);
        got = api_sql_value(sql, param);
        if (strcmp(got, want) == 0)
            break;
        usleep(25000);
    }
    ck_assert_pstr_eq(got, want);
    free(got);
}

/* Waits until `n` sessions of the test database wait for a lock: behind the holder's row, or
 * behind another session queued for it. */
static void wait_for_waiters(const char *n)
{
    wait_for_value("SELECT count(*) FROM pg_stat_activity"
                   " WHERE wait_event_type = 'Lock' AND datname = current_database()",
                   NULL, n);
}

/* The lead of `item` in a batch response, fetched (free it). */
static struct api_response *lead_of(const char *key, const struct api_response *batch, int item)
{
    char pointer[32];
    snprintf(pointer, sizeof pointer, "/items/%d/id", item);
    const char *id = api_json_string(batch, pointer);
    ck_assert_ptr_nonnull(id);
    struct api_response *r = api_get(ingest_path("/v1/leads", id), key);
    api_assert_status(r, 200);
    return r;
}

/* A workspace of its own named `name`: its admin key (returned) and its id in *ws. */
static char *workspace(const char *name, char **ws)
{
    char *key = ingest_workspace(name);
    *ws = api_sql_value("SELECT id FROM workspaces WHERE name = $1", name);
    return key;
}

/*
 * The test holds the lock row of one phone (as a writer of that phone would). A batch with
 * that phone waits for it; a batch of other people is written meanwhile. A third batch with
 * an earlier lead of the same phone waits too; once the row is released, the two are
 * written one after the other, and the later lead is the duplicate of the earlier one
 * whichever batch came first.
 */
START_TEST(batches_of_different_people_run_side_by_side_and_one_person_waits)
{
    char *ws;
    char *key = workspace("lead-locks", &ws);
    PGconn *holder = hold_key(ws, "p:79995550001");

    struct poster later = {.key = key}, earlier = {.key = key}, other = {.key = key};
    batch_body(later.body, sizeof later.body, 1, "+7 999 555-00-01", "2025-06-02T10:00:00Z");
    start(&later);
    wait_for_waiters("1");

    batch_body(other.body, sizeof other.body, 2, NULL, NULL);
    post(&other);
    api_assert_status(other.r, 200);
    ck_assert_ptr_null(later.r); /* still waiting */
    for (int i = 0; i < BATCH_LEADS; i++) {
        char pointer[32];
        snprintf(pointer, sizeof pointer, "/items/%d/status", i);
        ck_assert_pstr_eq(api_json_string(other.r, pointer), "created");
    }

    batch_body(earlier.body, sizeof earlier.body, 3, "79995550001", "2025-06-02T09:00:00Z");
    start(&earlier);
    wait_for_waiters("2");
    release(holder);
    finish(&later);
    finish(&earlier);

    struct api_response *first = lead_of(key, earlier.r, BATCH_LEADS);
    struct api_response *second = lead_of(key, later.r, BATCH_LEADS);
    ck_assert(json_is_null(api_json_at(first, "/duplicate_of")));
    ck_assert(json_is_true(api_json_at(first, "/valid")));
    ck_assert_pstr_eq(api_json_string(second, "/duplicate_of"), api_json_string(first, "/id"));
    ck_assert(json_is_false(api_json_at(second, "/valid")));
    ck_assert_int_eq(ingest_count("leads", "lead-locks"), 3 * BATCH_LEADS + 2);
    char *originals = api_sql_value(
        "SELECT count(*) FROM leads WHERE workspace_id = $1 AND duplicate_of IS NULL", ws);
    ck_assert_pstr_eq(originals, "31");
    free(originals);
    api_response_free(first);
    api_response_free(second);
    api_response_free(later.r);
    api_response_free(earlier.r);
    api_response_free(other.r);
    free(ws);
    free(key);
}
END_TEST

/* Creates a lead from `body` in the workspace of `key` and returns its id (free it). */
static char *create_lead(const char *key, const char *body)
{
    return ingest_created_id(api_post_json("/v1/leads", key, body));
}

/* Runs `method` `path` with `body` while `holder` holds a key the request must wait for:
 * asserts that it waits, releases the key and returns the request's answer (200). */
static struct api_response *waits_for(PGconn *holder, const char *key, const char *method,
                                      const char *path, const char *body)
{
    struct poster p = {.key = key, .method = method};
    snprintf(p.path, sizeof p.path, "%s", path);
    snprintf(p.body, sizeof p.body, "%s", body);
    start(&p);
    wait_for_waiters("1");
    ck_assert_ptr_null(p.r); /* still waiting */
    release(holder);
    finish(&p);
    return p.r;
}

/* A PATCH that moves a lead to another phone holds back the writers of the phone it leaves,
 * who could otherwise still see the lead with it: it waits while the test holds that
 * phone's lock row, as a writer of a lead with that phone would. */
START_TEST(a_patch_that_moves_a_phone_waits_for_the_writers_of_the_old_one)
{
    char *ws;
    char *key = workspace("lead-locks-patch", &ws);
    char *id = create_lead(key, "{\"channel\":\"seo\",\"created_at\":\"2025-06-02T10:00:00Z\","
                                "\"contact\":{\"phone\":\"+7 999 555-00-21\"}}");
    PGconn *holder = hold_key(ws, "p:79995550021");
    struct api_response *r = waits_for(holder, key, "PATCH", ingest_path("/v1/leads", id),
                                       "{\"contact\":{\"phone\":\"+7 999 555-00-22\"}}");
    ck_assert_pstr_eq(api_json_string(r, "/contact/phone"), "+7 999 555-00-22");
    api_response_free(r);
    free(id);
    free(ws);
    free(key);
}
END_TEST

/* Writers of one stored lead share its keys whether they name it by id (PATCH) or by natural
 * key (a POST of the same source and external_id): each waits for a holder of the other's. */
START_TEST(writers_of_one_lead_by_id_and_by_natural_key_wait_for_each_other)
{
    char *ws;
    char *key = workspace("lead-locks-one-lead", &ws);
    char *id = create_lead(key, "{\"source\":\"amo\",\"external_id\":\"nk-1\","
                                "\"channel\":\"seo\",\"created_at\":\"2025-06-02T10:00:00Z\"}");

    PGconn *holder = hold_key(ws, "k:amo/nk-1");
    struct api_response *r =
        waits_for(holder, key, "PATCH", ingest_path("/v1/leads", id), "{\"campaign\":\"spring\"}");
    api_response_free(r);

    char by_id[64];
    snprintf(by_id, sizeof by_id, "i:%s", id);
    holder = hold_key(ws, by_id);
    r = waits_for(holder, key, "POST", "/v1/leads",
                  "{\"source\":\"amo\",\"external_id\":\"nk-1\",\"channel\":\"ads\","
                  "\"created_at\":\"2025-06-02T10:00:00Z\"}");
    ck_assert_pstr_eq(api_json_string(r, "/id"), id);
    ck_assert_pstr_eq(api_json_string(r, "/channel"), "ads");
    ck_assert_pstr_eq(api_json_string(r, "/campaign"), "spring");
    api_response_free(r);
    free(id);
    free(ws);
    free(key);
}
END_TEST

/* Waits until a session of the test database waits for a lock `holder` holds
 * (asserted). */
static void wait_for_waiter_behind(PGconn *holder)
{
    char query[200];
    snprintf(query, sizeof query,
             "SELECT count(*) FROM pg_stat_activity"
             " WHERE %d = ANY (pg_blocking_pids(pid)) AND datname = current_database()",
             PQbackendPID(holder));
    wait_for_value(query, NULL, "1");
}

/* A writer that waited for another writer of the same lead locks the contacts that writer
 * left the lead with, not those it read as it started. The test moves the lead to another
 * phone in a transaction that holds the lead's id, as a PATCH would, and holds the new
 * phone's row on a second connection: a PATCH of the lead waits for the first, and once it
 * commits, for the second. */
START_TEST(a_writer_locks_the_contacts_the_writer_before_it_left)
{
    char *ws;
    char *key = workspace("lead-locks-moved", &ws);
    char *id = create_lead(key, "{\"channel\":\"seo\",\"created_at\":\"2025-06-02T10:00:00Z\","
                                "\"contact\":{\"phone\":\"+7 999 555-00-31\"}}");
    char by_id[64], move[300];
    snprintf(by_id, sizeof by_id, "i:%s", id);
    PGconn *mover = hold_key(ws, by_id);
    snprintf(move, sizeof move,
             "UPDATE leads SET contact_phone = '+7 999 555-00-32', phone_norm = '79995550032'"
             " WHERE workspace_id = '%s' AND id = '%s'",
             ws, id);
    free(ingest_sql_on(mover, move));
    PGconn *holder = hold_key(ws, "p:79995550032");

    struct poster p = {.key = key, .method = "PATCH"};
    snprintf(p.path, sizeof p.path, "%s", ingest_path("/v1/leads", id));
    snprintf(p.body, sizeof p.body, "{\"contact\":{\"phone\":\"+7 999 555-00-33\"}}");
    start(&p);
    wait_for_waiter_behind(mover);
    release(mover);
    wait_for_waiter_behind(holder);
    ck_assert_ptr_null(p.r); /* still waiting */
    release(holder);
    finish(&p);
    ck_assert_pstr_eq(api_json_string(p.r, "/contact/phone"), "+7 999 555-00-33");
    api_response_free(p.r);
    free(id);
    free(ws);
    free(key);
}
END_TEST

/* Waits (up to 10 s) until the workspace has `n` lock rows (asserted). */
static void wait_for_lock_rows(const char *ws, const char *n)
{
    wait_for_value("SELECT count(*) FROM lead_write_locks WHERE workspace_id = $1", ws, n);
}

/* The rows a write locked stay behind it; kpid's pass (every 2 s) deletes those nobody
 * holds, and a row a session holds only once it is released. */
START_TEST(lock_rows_nobody_holds_are_pruned)
{
    char *ws;
    char *key = workspace("lead-locks-pruned", &ws);
    PGconn *holder = PQconnectdb(getenv("KPID_TEST_DATABASE_URL"));
    ck_assert_int_eq(PQstatus(holder), CONNECTION_OK);
    char hold[160];
    snprintf(hold, sizeof hold,
             "SELECT key FROM lead_write_locks WHERE workspace_id = '%s' AND key = 42 FOR UPDATE",
             ws);
    /* the pass may delete the row between its insert and the lock: then it is inserted again */
    char *held = NULL;
    for (int t = 0; t < 20 && held == NULL; t++) {
        free(api_sql_value("INSERT INTO lead_write_locks (workspace_id, key) VALUES ($1, 42)"
                           " ON CONFLICT DO NOTHING",
                           ws));
        free(ingest_sql_on(holder, "BEGIN"));
        held = ingest_sql_on(holder, hold);
        if (held == NULL)
            free(ingest_sql_on(holder, "ROLLBACK"));
    }
    ck_assert_pstr_eq(held, "42");
    free(held);

    struct poster p = {.key = key};
    batch_body(p.body, sizeof p.body, 4, NULL, NULL);
    post(&p);
    api_assert_status(p.r, 200);
    wait_for_lock_rows(ws, "1");
    char *kept = api_sql_value("SELECT key FROM lead_write_locks WHERE workspace_id = $1", ws);
    ck_assert_pstr_eq(kept, "42");
    free(kept);

    release(holder);
    wait_for_lock_rows(ws, "0");
    api_response_free(p.r);
    free(ws);
    free(key);
}
END_TEST

/* The pass vacuums lead_write_locks after it deleted rows, so that the writers' inserts reuse
 * the emptied pages of its primary key instead of splitting ever more of them: the table's
 * count of manual VACUUMs grows once a write's rows are pruned. */
START_TEST(the_pass_vacuums_the_rows_it_pruned)
{
    char *ws;
    char *key = workspace("lead-locks-vacuumed", &ws);
    char *before = api_sql_value("SELECT pg_stat_get_vacuum_count('lead_write_locks'::regclass)");
    struct poster p = {.key = key};
    batch_body(p.body, sizeof p.body, 4, NULL, NULL);
    post(&p);
    api_assert_status(p.r, 200);
    wait_for_lock_rows(ws, "0");
    wait_for_value("SELECT pg_stat_get_vacuum_count('lead_write_locks'::regclass) > $1::bigint",
                   before, "t");
    free(before);
    api_response_free(p.r);
    free(ws);
    free(key);
}
END_TEST

/* The prune's cost does not hang on the planner's statistics of lead_write_locks, which swing
 * with the table between empty and thousands of rows. Here they are taken by a VACUUM that
 * found one row held across the pages 50,000 rows filled: about 1 row in 200 pages. Deleting
 * 10,000 rows then still reads a few pages per row (a join back on the key planned from those
 * statistics rescanned the table once per row: about 50 million pages). */
START_TEST(the_prune_reads_a_few_pages_per_row_whatever_the_statistics)
{
    char *ws;
    char *key = workspace("lead-locks-prune-plan", &ws);
    free(api_sql_value("INSERT INTO lead_write_locks (workspace_id, key)"
                       " SELECT $1, g FROM generate_series(1, 50000) AS g",
                       ws));
    char hold[200];
    snprintf(hold, sizeof hold,
             "SELECT key FROM lead_write_locks WHERE workspace_id = '%s' AND key = 50000"
             " FOR UPDATE",
             ws);
    PGconn *holder = open_transaction(hold);
    wait_for_lock_rows(ws, "1");
    free(api_sql_value("VACUUM lead_write_locks"));
    char *sparse = api_sql_value("SELECT reltuples < 100 AND relpages > 100 FROM pg_class"
                                 " WHERE oid = 'lead_write_locks'::regclass");
    ck_assert_pstr_eq(sparse, "t");

    char fill[200];
    snprintf(fill, sizeof fill,
             "INSERT INTO lead_write_locks (workspace_id, key)"
             " SELECT '%s', g FROM generate_series(100001, 110000) AS g",
             ws);
    PGconn *writer = open_transaction(fill);
    long pages =
        ingest_statement_pages(writer, "src/kpid/store/sql/lead_write_locks_prune.sql", "10000");
    ck_assert_msg(pages < 100000, "the prune of 10,000 rows read %ld pages", pages);
    free(ingest_sql_on(writer, "ROLLBACK"));
    PQfinish(writer);

    release(holder);
    wait_for_lock_rows(ws, "0");
    free(sparse);
    free(ws);
    free(key);
}
END_TEST

Suite *api_lead_locks_suite(void)
{
    Suite *s = suite_create("api_lead_locks");
    TCase *t = tcase_create("locks");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, batches_of_different_people_run_side_by_side_and_one_person_waits);
    tcase_add_test(t, a_patch_that_moves_a_phone_waits_for_the_writers_of_the_old_one);
    tcase_add_test(t, writers_of_one_lead_by_id_and_by_natural_key_wait_for_each_other);
    tcase_add_test(t, a_writer_locks_the_contacts_the_writer_before_it_left);
    tcase_add_test(t, lock_rows_nobody_holds_are_pruned);
    tcase_add_test(t, the_pass_vacuums_the_rows_it_pruned);
    tcase_add_test(t, the_prune_reads_a_few_pages_per_row_whatever_the_statistics);
    suite_add_tcase(s, t);
    return s;
}
