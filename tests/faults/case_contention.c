/* Case g: contention. A lead's row is held locked by another database session, so kpid's
 * write of that lead waits out the session's lock_timeout: the answer is 503 + Retry-After
 * (not a 500, not counted as a database error), and once the lock is gone the retry writes. */
#include "faults.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* kpid's sessions set lock_timeout = 10 s (src/kpid/store/pool.c). */
#define LOCK_TIMEOUT_S 10.0

/* kpid_db_errors_total from /metrics, or -1. */
static long db_errors(void)
{
    struct http_reply r;
    http_call(&(struct http_request){.method = "GET", .path = "/metrics"}, &r);
    const char *line = r.body ? strstr(r.body, "\nkpid_db_errors_total ") : NULL;
    long n = line ? strtol(line + strlen("\nkpid_db_errors_total "), NULL, 10) : -1;
    http_reply_clear(&r);
    return n;
}

/* Opens a session that holds lead `id` locked FOR UPDATE until it is finished; NULL on error. */
static PGconn *lock_lead(const char *id)
{
    PGconn *conn = PQconnectdb(fault_sys.db_url);
    PGresult *res = PQexec(conn, "BEGIN");
    PQclear(res);
    const char *params[] = {id};
    res = PQexecParams(conn, "SELECT 1 FROM leads WHERE id = $1::uuid FOR UPDATE", 1, NULL, params,
                       NULL, NULL, 0);
    bool locked = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    if (!fault_check(locked, "could not lock the lead: %s", PQerrorMessage(conn))) {
        PQclear(res);
        PQfinish(conn);
        return NULL;
    }
    PQclear(res);
    return conn;
}

static void post_lead(const char *body, struct http_reply *r)
{
    http_call(&(struct http_request){.method = "POST",
                                     .path = "/v1/leads",
                                     .key = fault_sys.admin_key,
                                     .content_type = "application/json",
                                     .body = body},
              r);
}

void case_contention(void)
{
    char *first = lead_json("contention", "locked-1", "before");
    char *id = lead_create(fault_sys.admin_key, first);
    free(first);
    PGconn *holder = id ? lock_lead(id) : NULL;
    if (holder == NULL) {
        free(id);
        return;
    }
    long errors_before = db_errors();
    char *update = lead_json("contention", "locked-1", "after");
    struct http_reply r;
    double start = fault_now();
    post_lead(update, &r);
    double waited = fault_now() - start;
    fault_note("the write waited %.1f s on the lock and got %ld", waited, r.status);
    fault_check(http_is_problem(&r, 503), "a write past lock_timeout: %ld %.300s", r.status,
                r.body);
    fault_check(r.retry_after[0] != '\0', "the 503 has no Retry-After");
    fault_check(waited >= LOCK_TIMEOUT_S - 1, "answered after %.1f s, before lock_timeout", waited);
    http_reply_clear(&r);
    fault_check(db_errors() == errors_before, "contention was counted as a database error");

    PQclear(PQexec(holder, "ROLLBACK"));
    PQfinish(holder);
    post_lead(update, &r);
    fault_check(r.status == 200, "the retry after the lock was released: %ld %.300s", r.status,
                r.body);
    http_reply_clear(&r);
    const char *params[] = {id};
    char *campaign = sql_text("SELECT campaign FROM leads WHERE id = $1::uuid", 1, params);
    fault_check(campaign && strcmp(campaign, "after") == 0, "the retry did not write: campaign %s",
                campaign ? campaign : "NULL");
    free(campaign);
    free(update);
    free(id);
}
