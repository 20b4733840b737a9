/* The fault suite's toolkit: checks, the kpid and PostgreSQL under test, HTTP and SQL clients. */
#ifndef KPID_TESTS_FAULTS_H
#define KPID_TESTS_FAULTS_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* --- checks (main.c) -------------------------------------------------------------------------
 * A case passes when none of its checks failed. Checks may run on any thread. */

/* Records a failure of the running case and prints why (the first few per case). */
void fault_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints an informational line (timings, counts) under the running case. */
void fault_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether the running case has failed so far (to skip steps that build on a failed one). */
bool fault_failed(void);

#define fault_check(cond, ...) ((cond) ? true : (fault_fail(__VA_ARGS__), false))

double fault_now(void); /* monotonic seconds */
void fault_sleep(double seconds);

/* --- the system under test (system.c) -------------------------------------------------------- */

/*
 * One private PostgreSQL cluster (fsync on: durability is under test) and one kpid, both in a
 * temporary directory removed at exit. kpid runs with KPID_CONNECTION_TIMEOUT=FAULT_CONN_TIMEOUT
 * so that the connection-timeout checks take seconds, not the default 30.
 */
#define FAULT_CONN_TIMEOUT 3

struct fault_system {
    char dir[256];      /* the temporary directory */
    char pg_dir[300];   /* the cluster, for deploy/pg-cluster.sh */
    char db_url[512];   /* KPID_DATABASE_URL */
    char kpid_bin[512]; /* absolute path of the kpid under test */
    char log[300];      /* kpid's log file (all runs appended) */
    char base_url[64];  /* http://127.0.0.1:PORT */
    int port;
    pid_t kpid_pid; /* 0 when not running */
    char admin_key[64];
};
extern struct fault_system fault_sys;

/* Creates the directory and cluster, migrates, creates the admin key and starts kpid. */
bool system_setup(const char *kpid_bin);
/* Kills kpid, stops the cluster, removes the directory (keeps it when FAULTS_KEEP=1). */
void system_teardown(void);
/* Prints the last lines of kpid's log (after a failure). */
void system_show_log(int lines);

/* Starts kpid on fault_sys.port and waits up to 20 s for /readyz 200. */
bool kpid_start(void);
/* Whether the kpid started last is still running (not exited, not a zombie). */
bool kpid_running(void);
/* Waits up to `seconds` for kpid to exit; true with its wait status in *status when it did. */
bool kpid_wait_exit(double seconds, int *status);
/* Sends a signal to kpid. */
void kpid_signal(int sig);
/* SIGKILLs kpid (if running) and reaps it. */
void kpid_kill(void);
/* kpid's resident set size in KiB (VmRSS), or -1. */
long kpid_rss_kib(void);

/* deploy/pg-cluster.sh stop DIR immediate / start DIR. */
bool pg_stop_immediate(void);
bool pg_start(void);

/* Creates a workspace (if new) and a key in it through `kpid keys create`; free the result. */
char *kpid_cli_key(const char *workspace, const char *scopes);

/* Sets one limit of a workspace through `kpid workspace limits`; false with a failed check. */
bool kpid_cli_limits(const char *workspace, const char *option, const char *value);

/* --- SQL (system.c): one statement, text parameters, the first column of the first row ---------
 */

/* The value as a long, or -1 (and a failed check) on a database error or no row. */
long sql_long(const char *sql, int nparams, const char *const *params);
/* The value as text (free it), NULL for SQL NULL or no row; NULL and a failed check on error. */
char *sql_text(const char *sql, int nparams, const char *const *params);
/* "table=rows,..." over every table in the public schema: equal snapshots, unchanged data. */
char *sql_row_counts(void);

/* --- HTTP (http.c) -----------------------------------------------------------------------------
 */

struct http_request {
    const char *method;
    const char *path; /* appended to fault_sys.base_url */
    const char *key;  /* Authorization: Bearer KEY, unless NULL */
    const char *content_type;
    const char *body;           /* NULL: no body */
    size_t body_len;            /* 0: strlen(body) */
    const char *const *headers; /* further "Name: value" lines, NULL-terminated */
};

struct http_reply {
    long status; /* 0 when no response came (see error) */
    int error;   /* libcurl's CURLcode, 0 when a response came */
    char *body;  /* NUL-terminated */
    size_t len;
    char content_type[128];
    char retry_after[32];
    bool replayed; /* Idempotency-Replayed: true */
};

/* A libcurl handle that keeps its connection alive between requests; one per thread. */
struct http_client;
struct http_client *http_client_new(void);
void http_client_free(struct http_client *c);

/* Sends one request; the reply is always filled (status 0 on a transport error). */
void http_send(struct http_client *c, const struct http_request *req, struct http_reply *out);
void http_reply_clear(struct http_reply *r);
/* The reply's JSON body (new reference) or NULL. */
json_t *http_reply_json(const struct http_reply *r);
/* Whether the reply is application/problem+json with this status and a type and title. */
bool http_is_problem(const struct http_reply *r, long status);

/* One-off requests on a fresh connection (a new handle each time). */
void http_call(const struct http_request *req, struct http_reply *out);

/* Percent-encodes s for a query string (free it). */
char *http_escape(const char *s);

/*
 * Raw sockets, for what libcurl will not send. raw_exchange sends `head`, waits briefly for an
 * early answer (a 413 or 400 decided on the headers), then sends `body` (may be NULL) unless
 * one came, and reads the response until it is complete, the server closes, or timeout_s
 * passes. Returns the status, 0 when the connection closed without a response, -1 on timeout.
 */
long raw_exchange(const void *head, size_t head_len, const void *body, size_t body_len,
                  double timeout_s, char **reply);
/* A connected socket to kpid, or -1 with errno set (ECONNREFUSED when nothing listens). */
int raw_connect(void);

/* --- leads (leads.c) ---------------------------------------------------------------------------
 */

/* A valid lead with this source and external id (NULL: none) and campaign (NULL: none). */
char *lead_json(const char *source, const char *external_id, const char *campaign);

/* POSTs a lead and returns its id (free it), or NULL with a failed check. */
char *lead_create(const char *key, const char *json_text);

/*
 * Concurrent ingest: `clients` threads post leads 0..count-1 (external ids SOURCE-i, each
 * thread its own slice), like CRMs that resend what was not acknowledged. A lead is
 * acknowledged when a 2xx came back; every other outcome is counted by kind.
 */
struct lead_load {
    const char *source;
    const char *key;
    size_t count;
    unsigned clients;
    bool persist;           /* resend each lead until it is acknowledged or `stop` (else move on) */
    double failure_pause_s; /* pause after a failed attempt */

    atomic_bool stop;
    atomic_uchar *acked; /* [count] */
    atomic_size_t attempts, acks;
    atomic_size_t refused;               /* connection refused: nothing listening */
    atomic_size_t transport_errors;      /* connected, but no response */
    atomic_size_t problems_503, bad_503; /* 503s; those without problem+json or Retry-After */
    atomic_size_t other_5xx, other;      /* any other 5xx; any other status */
    atomic_llong last_ack_us;  /* fault_now() of the latest acknowledgement, in microseconds */
    atomic_llong first_503_us; /* of the first 503, 0 before */
    pthread_t *threads;
    atomic_uint running;  /* workers not yet finished */
    char unexpected[320]; /* the first unexpected reply, for messages */
    atomic_flag unexpected_taken;
};

void lead_load_init(struct lead_load *load, const char *source, const char *key, size_t count,
                    unsigned clients);
/* Starts the threads on the leads not yet acknowledged. */
void lead_load_start(struct lead_load *load);
/* Waits up to `seconds` for the workers to finish their leads, then stops and joins them;
 * returns whether they finished on their own. */
bool lead_load_finish(struct lead_load *load, double seconds);
void lead_load_free(struct lead_load *load);
/* How many leads are acknowledged so far. */
size_t lead_load_acked(const struct lead_load *load);

/* Checks that every acknowledged lead is stored exactly once and nothing twice. */
void lead_load_verify(struct lead_load *load);

/* --- webhooks (webhooks.c) -------------------------------------------------------------------- */

/* POSTs a source (JSON text) with the admin key; returns its id (free it) or NULL. */
char *webhook_source_create(const char *json_text);

/* The header line "X-Signature: t=T,v1=<hex HMAC-SHA256(secret, "T." + body)>". */
#define WEBHOOK_SIGNATURE_SIZE 128
void webhook_sign(const char *secret, long t, const char *body, size_t len,
                  char header[WEBHOOK_SIGNATURE_SIZE]);

/* --- text (text.c) ---------------------------------------------------------------------------- */

/* A new formatted string. */
char *text_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* head, then unit `times` times, then tail, as a new string. */
char *text_repeat(const char *unit, size_t times, const char *head, const char *tail);

/* --- the pieces of case d ------------------------------------------------------------------------
 */

/* The raw-HTTP corpus (hostile_http.c): built once, sent once per round (returns how many
 * requests), freed. */
void hostile_http_build(void);
size_t hostile_http_run(int round);
void hostile_http_free(void);

/* Signed hostile webhook deliveries (hostile_webhooks.c); build registers their sources. */
bool hostile_webhooks_build(void);
void hostile_webhooks_run(int round);
void hostile_webhooks_free(void);

/* Slow and stalled clients (slow_clients.c): started before the rounds, checked after. */
void slow_clients_start(void);
void slow_clients_finish(void);

/* --- the cases ---------------------------------------------------------------------------------
 */

void case_crash(void);
void case_db_outage(void);
void case_idempotency(void);
void case_hostile(void);
void case_auth(void);
void case_sigterm(void);
void case_contention(void);
void case_slowloris(void);
void case_noisy(void);

#endif
