/* Case d: the hostile-input corpus. Every request is answered 4xx (or the connection closed),
 * never 5xx; kpid keeps running as the same process; rejected requests change no row; SQL
 * metacharacters are stored and read back literally; slow clients are cut off by the
 * connection timeout; and kpid's memory stays flat over repeated rounds of the corpus. */
#include "faults.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * Memory is compared between the end of the warm-up rounds and the end of the measured ones.
 * With a thread per connection, glibc hands threads up to 8 malloc arenas per core, and each
 * arena grows once to the largest body it has held: RSS climbs for about 7 rounds of this
 * corpus, then stays flat (measured: 11.2 MB after one round, 15.2 MB after seven, 15.3 MB
 * after fourteen). A leak of even a few hundred bytes per request would show over 6 rounds.
 */
#define WARMUP_ROUNDS 7
#define ROUNDS (WARMUP_ROUNDS + 6)
#define RSS_TOLERANCE 0.05
#define SLOW_GIVE_UP (FAULT_CONN_TIMEOUT * 2 + 14.0) /* seconds a slow client may stay */

struct hostile {
    const char *name;
    const char *allowed; /* statuses allowed, space-separated; "0" = closed without one */
    bool problem;        /* kpid itself answers: application/problem+json */
    char *head;
    size_t head_len;
    char *body;
    size_t body_len;
};

#define MAX_ITEMS 48
static struct hostile items[MAX_ITEMS];
static size_t n_items;

static char *dup_printf(size_t *len, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *dup_printf(size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (len != NULL)
        *len = (size_t)n;
    return s;
}

static void add_raw(const char *name, const char *allowed, bool problem, char *head, char *body,
                    size_t body_len)
{
    if (n_items == MAX_ITEMS)
        return;
    items[n_items++] = (struct hostile){name, allowed, problem, head, strlen(head), body, body_len};
}

/* A request with the admin key, Content-Length of `body` (a string, taken over; NULL for
 * none) and `extra` header lines ("" for none). */
static void add_request(const char *name, const char *allowed, const char *method, const char *path,
                        const char *content_type, char *body, const char *extra)
{
    char ctype[160] = "";
    if (content_type != NULL)
        snprintf(ctype, sizeof ctype, "Content-Type: %s\r\n", content_type);
    size_t body_len = body ? strlen(body) : 0;
    char *head = dup_printf(NULL,
                            "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                            "%sContent-Length: %zu\r\nConnection: close\r\n%s\r\n",
                            method, path, fault_sys.admin_key, ctype, body_len, extra);
    add_raw(name, allowed, true, head, body, body_len);
}

/* POST /v1/leads with a JSON text (taken over). */
static void add_lead(const char *name, const char *allowed, char *json_text)
{
    add_request(name, allowed, "POST", "/v1/leads", "application/json", json_text, "");
}

/* A valid lead's members followed by `rest` (which starts with a comma or is ""). */
static char *lead_with(const char *rest)
{
    return dup_printf(NULL, "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\"%s}",
                      rest);
}

/* head + unit x times + tail, as a new string. */
static char *repeat(const char *unit, size_t times, const char *head, const char *tail)
{
    size_t u = strlen(unit), h = strlen(head), t = strlen(tail);
    char *s = malloc(h + u * times + t + 1);
    memcpy(s, head, h);
    for (size_t i = 0; i < times; i++)
        memcpy(s + h + i * u, unit, u);
    memcpy(s + h + u * times, tail, t + 1);
    return s;
}

/* A lead whose attributes hold `depth` levels of open ... close around a number. */
static char *nested(size_t depth, const char *open, const char *close)
{
    char *opens = repeat(open, depth, "", "");
    char *closes = repeat(close, depth, "", "}}");
    char *text = dup_printf(NULL,
                            "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
                            "\"attributes\":{\"x\":%s1%s",
                            opens, closes);
    free(opens);
    free(closes);
    return text;
}

/* A JSON object of exactly n bytes ({"x":"   ...   "}). */
static char *big_body(size_t n)
{
    char *body = malloc(n + 1);
    memset(body, ' ', n);
    memcpy(body, "{\"x\":\"", 6);
    body[n - 2] = '"';
    body[n - 1] = '}';
    body[n] = '\0';
    return body;
}

/* `total` bytes of body in 64 KiB chunks with chunked framing; *len gets the framed size. */
static char *chunked(size_t total, size_t *len)
{
    const size_t chunk = 65536;
    size_t n = total / chunk, used = 0;
    char *out = malloc(n * (chunk + 16) + 8);
    for (size_t i = 0; i < n; i++) {
        used += (size_t)sprintf(out + used, "%zx\r\n", chunk);
        memset(out + used, i == 0 ? '[' : ' ', chunk);
        used += chunk;
        used += (size_t)sprintf(out + used, "\r\n");
    }
    used += (size_t)sprintf(out + used, "0\r\n\r\n");
    *len = used;
    return out;
}

/* {"items":[lead, ... n times]} */
static char *batch_of(size_t n)
{
    char *lead = lead_with("");
    char *unit = dup_printf(NULL, "%s,", lead);
    char *batch = repeat(unit, n, "{\"items\":[", "]}");
    size_t len = strlen(batch);
    memmove(batch + len - 3, batch + len - 2, 3); /* drop the last comma */
    free(unit);
    free(lead);
    return batch;
}

static void build_corpus(void)
{
    /* JSON that kpid must refuse */
    add_lead("truncated JSON", "400", dup_printf(NULL, "{\"channel\":\"seo\",\"created_at\":\"20"));
    add_lead("3000-deep nesting", "400 422", nested(3000, "[", "]"));
    add_lead("40-deep objects", "422", nested(40, "{\"a\":", "}"));
    add_lead("duplicate keys", "422", lead_with(",\"channel\":\"ads\""));
    add_lead("\\u0000 in a string", "422", lead_with(",\"campaign\":\"a\\u0000b\""));
    add_lead("\\u0000 in a key", "422", lead_with(",\"a\\u0000b\":1"));
    add_lead("2^63", "422", lead_with(",\"attributes\":{\"n\":9223372036854775808}"));
    add_lead("-2^63-1", "422", lead_with(",\"attributes\":{\"n\":-9223372036854775809}"));
    add_lead("1e999", "422", lead_with(",\"attributes\":{\"n\":1e999}"));
    add_lead("invalid UTF-8", "422", lead_with(",\"campaign\":\"\xff\xfe\""));
    add_lead("overlong UTF-8", "422", lead_with(",\"campaign\":\"\xc0\xaf\""));
    add_lead("lone surrogate", "400 422", lead_with(",\"campaign\":\"\\ud800\""));
    add_lead("a JSON array", "400 422", dup_printf(NULL, "[1,2,3]"));
    add_lead("a JSON string", "400 422", dup_printf(NULL, "\"lead\""));
    add_lead("wrong types", "422",
             dup_printf(NULL, "{\"channel\":7,\"created_at\":true,\"contact\":\"x\","
                              "\"is_valid\":\"yes\",\"attributes\":[]}"));
    add_lead("timestamp without offset", "422",
             dup_printf(NULL, "{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00\"}"));
    add_lead("impossible date", "422",
             dup_printf(NULL, "{\"channel\":\"seo\",\"created_at\":\"2025-02-30T10:00:00Z\"}"));
    add_lead("200 KB string", "413 422", repeat("x", 200000, "{\"channel\":\"", "\"}"));
    add_lead("20,000 unknown members", "422", repeat("\"k\":0,", 20000, "{", "\"z\":0}"));
    add_lead("empty body", "400", dup_printf(NULL, "%s", ""));
    add_request("text/plain body", "415", "POST", "/v1/leads", "text/plain", lead_with(""), "");
    add_request("no Content-Type", "415", "POST", "/v1/leads", NULL, lead_with(""), "");
    add_request("batch of 1001", "413 422", "POST", "/v1/leads/batch", "application/json",
                batch_of(1001), "");

    /* framing and size */
    add_request("10 MB body", "413", "POST", "/v1/leads", "application/json", big_body(10u << 20),
                "");
    size_t len;
    char *body = chunked(2u << 20, &len);
    add_raw("2 MiB chunked body", "413", true,
            dup_printf(NULL,
                       "POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                       "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                       "Connection: close\r\n\r\n",
                       fault_sys.admin_key),
            body, len);
    add_request("two Content-Length headers", "400", "POST", "/v1/leads", "application/json",
                lead_with(""), "Content-Length: 7\r\n");
    add_request("Content-Length and Transfer-Encoding", "400", "POST", "/v1/leads",
                "application/json", lead_with(""), "Transfer-Encoding: chunked\r\n");

    /* headers and request line over the per-connection memory limit (libmicrohttpd answers) */
    char *big = repeat("a", 100 * 1024, "X-Big: ", "\r\n");
    add_request("100 KiB header", "413 431", "GET", "/v1/leads", NULL, NULL, big);
    items[n_items - 1].problem = false;
    free(big);
    add_raw("100 KiB URL", "414 431", false,
            repeat("a", 100 * 1024, "GET /v1/leads?x=", " HTTP/1.1\r\nHost: x\r\n\r\n"), NULL, 0);
    add_raw("garbage request line", "400 0", false, dup_printf(NULL, "\x16\x03\x01 hello\r\n\r\n"),
            NULL, 0);
    char *long_value = repeat("A", 8192, "", "");
    char *extra = dup_printf(NULL, "Idempotency-Key: %s\r\n", long_value);
    add_request("8 KiB Idempotency-Key", "400", "POST", "/v1/leads", "application/json",
                lead_with(""), extra);
    add_raw("8 KiB bearer key", "401", true,
            dup_printf(NULL,
                       "GET /v1/leads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                       "Connection: close\r\n\r\n",
                       long_value),
            NULL, 0);
    free(extra);
    free(long_value);

    /* query and path parameters */
    add_request("limit=-1", "400 422", "GET", "/v1/leads?limit=-1", NULL, NULL, "");
    add_request("limit=10^20", "400 422", "GET", "/v1/leads?limit=100000000000000000000", NULL,
                NULL, "");
    add_request("garbage cursor", "400 422", "GET", "/v1/leads?cursor=%27%3B--%00", NULL, NULL, "");
    add_request("from=not a time", "400 422", "GET", "/v1/leads?from=%27)%3B%20DROP", NULL, NULL,
                "");
    add_request("id with SQL", "404", "GET", "/v1/leads/1%27%20OR%20%271%27=%271", NULL, NULL, "");
    add_request("PATCH id with SQL", "404", "PATCH", "/v1/leads/%27%3B%20DELETE%20FROM%20leads",
                "application/merge-patch+json", dup_printf(NULL, "{}"), "");
}

static void free_corpus(void)
{
    for (size_t i = 0; i < n_items; i++) {
        free(items[i].head);
        free(items[i].body);
    }
    n_items = 0;
}

static bool status_allowed(long status, const char *allowed)
{
    char want[8];
    snprintf(want, sizeof want, "%ld", status);
    for (const char *p = allowed; (p = strstr(p, want)) != NULL; p++)
        if ((p == allowed || p[-1] == ' ') && (p[strlen(want)] == ' ' || !p[strlen(want)]))
            return true;
    return false;
}

/* Sends every item once; checks the status, the problem body and that kpid still runs. */
static void run_corpus(int round)
{
    for (size_t i = 0; i < n_items; i++) {
        const struct hostile *h = &items[i];
        char *reply;
        long status = raw_exchange(h->head, h->head_len, h->body, h->body_len, 15, &reply);
        if (round == 1)
            fault_note("%s: %ld", h->name, status);
        if (!status_allowed(status, h->allowed))
            fault_fail("round %d, %s: status %ld, expected %s: %.200s", round, h->name, status,
                       h->allowed, reply);
        else if (h->problem && status > 0 && !strstr(reply, "application/problem+json"))
            fault_fail("round %d, %s: %ld without a problem+json body", round, h->name, status);
        free(reply);
        if (!kpid_running()) {
            fault_fail("kpid died on %s", h->name);
            return;
        }
    }
}

/* --- webhook deliveries ---------------------------------------------------------------------
 * Correctly signed, so they get past authentication to the payload parsers and field maps.
 * Each is answered 200 (mapped or a duplicate), 202 (kept in the inbox as failed) or 4xx -
 * never 5xx; they are not part of the unchanged-rows check, since a failed delivery is kept
 * in the inbox by design. */

static const char webhook_secret[] = "faults-d-webhook-secret";

struct delivery {
    const char *name;
    bool form;
    char *body;
};

static struct delivery deliveries[16];
static size_t n_deliveries;
static char form_path[96], json_path[96];

static void add_delivery(const char *name, bool form, char *body)
{
    if (n_deliveries < sizeof deliveries / sizeof deliveries[0])
        deliveries[n_deliveries++] = (struct delivery){name, form, body};
}

static bool register_sources(void)
{
    char *form_id = webhook_source_create(
        "{\"name\":\"faults-d-form\",\"payload\":\"form\",\"target\":\"lead\","
        "\"secret\":\"faults-d-webhook-secret\",\"field_map\":{\"items\":\"leads[*][*]\","
        "\"external_id\":{\"from\":\"id\"},"
        "\"created_at\":{\"from\":\"date_create\",\"convert\":\"unix_seconds\"},"
        "\"contact/name\":{\"from\":\"name\"},"
        "\"attributes/price\":{\"from\":\"price\",\"convert\":\"number\"},"
        "\"channel\":{\"const\":\"amocrm\"}}}");
    char *json_id = webhook_source_create(
        "{\"name\":\"faults-d-json\",\"payload\":\"json\",\"target\":\"lead\","
        "\"secret\":\"faults-d-webhook-secret\",\"field_map\":{\"items\":\"/leads\","
        "\"external_id\":{\"from\":\"/id\",\"convert\":\"string\"},"
        "\"created_at\":{\"from\":\"/created\",\"convert\":\"unix_seconds\"},"
        "\"channel\":{\"from\":\"/channel\"}}}");
    if (form_id != NULL)
        snprintf(form_path, sizeof form_path, "/v1/webhooks/%s", form_id);
    if (json_id != NULL)
        snprintf(json_path, sizeof json_path, "/v1/webhooks/%s", json_id);
    free(form_id);
    free(json_id);
    return form_path[0] != '\0' && json_path[0] != '\0';
}

static void build_deliveries(void)
{
    add_delivery("form: 1000 keys without values", true, repeat("k&", 999, "", "k"));
    add_delivery("form: a bad %-escape", true, dup_printf(NULL, "leads[add][0][id]=%%zz"));
    add_delivery("form: invalid UTF-8", true, dup_printf(NULL, "leads[add][0][name]=%%C3%%28"));
    add_delivery("form: %00", true,
                 dup_printf(NULL, "leads[add][0][id]=1&leads[add][0][name]=a%%00"));
    add_delivery("form: 2001 fields", true, repeat("a=1&", 2001, "", "z=1"));
    add_delivery("form: 5000 brackets", true, repeat("[x]", 5000, "leads", "=1"));
    add_delivery("form: timestamp overflow", true,
                 dup_printf(NULL, "leads[add][0][id]=1&leads[add][0][date_create]="
                                  "99999999999999999999999"));
    add_delivery("json: 3000-deep nesting", false, repeat("[", 3000, "", "]"));
    add_delivery("json: not an object", false, dup_printf(NULL, "42"));
    add_delivery("json: items not an array", false, dup_printf(NULL, "{\"leads\":{\"id\":1}}"));
    add_delivery("json: 1e999", false,
                 dup_printf(NULL, "{\"leads\":[{\"id\":1,\"created\":1e999,\"channel\":\"x\"}]}"));
    add_delivery("json: huge unix seconds", false,
                 dup_printf(NULL, "{\"leads\":[{\"id\":1,\"created\":9223372036854775807,"
                                  "\"channel\":\"x\"}]}"));
}

static void run_deliveries(int round)
{
    for (size_t i = 0; i < n_deliveries && kpid_running(); i++) {
        const struct delivery *d = &deliveries[i];
        char signature[WEBHOOK_SIGNATURE_SIZE];
        size_t len = strlen(d->body);
        webhook_sign(webhook_secret, (long)time(NULL), d->body, len, signature);
        const char *headers[] = {signature, NULL};
        struct http_reply r;
        http_call(&(struct http_request){.method = "POST",
                                         .path = d->form ? form_path : json_path,
                                         .content_type = d->form
                                                             ? "application/x-www-form-urlencoded"
                                                             : "application/json",
                                         .body = d->body,
                                         .headers = headers},
                  &r);
        bool ok = r.status == 200 || r.status == 202 || (r.status >= 400 && r.status < 500);
        if (round == 1)
            fault_note("webhook %s: %ld", d->name, r.status);
        fault_check(ok, "round %d, webhook %s: status %ld: %.200s", round, d->name, r.status,
                    r.body);
        http_reply_clear(&r);
        fault_check(kpid_running(), "kpid died on webhook %s", d->name);
    }
}

static void free_deliveries(void)
{
    for (size_t i = 0; i < n_deliveries; i++)
        free(deliveries[i].body);
    n_deliveries = 0;
}

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

/* --- slow clients -------------------------------------------------------------------------- */

enum slow_kind { SLOW_HEADERS, SLOW_BODY, STALLED_HEADERS };

struct slow_client {
    enum slow_kind kind;
    const char *name;
    double closed_after; /* seconds until kpid closed the connection; -1: never */
    long status;         /* a status it answered before closing, or 0 */
};

/* Has the server closed (or answered)? Consumes what arrived. */
static bool server_done(int fd, long *status)
{
    char buf[512];
    ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
    if (n > 0) {
        buf[n] = '\0';
        if (*status == 0 && strncmp(buf, "HTTP/1.", 7) == 0)
            *status = strtol(buf + 9, NULL, 10);
        return false; /* an answer; the close follows */
    }
    return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static void *slow_client_run(void *arg)
{
    struct slow_client *s = arg;
    char request[600];
    int len = snprintf(request, sizeof request,
                       "POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                       "Content-Type: application/json\r\nContent-Length: 400\r\n%s",
                       fault_sys.admin_key,
                       s->kind == SLOW_BODY ? "\r\n" : "X-Padding: 0123456789012345678901234");
    s->closed_after = -1;
    int fd = raw_connect();
    if (fd < 0)
        return NULL;
    double start = fault_now();
    /* the body client sends its headers at once, the stalled one a part of them, then both
     * go on at 1 byte per second (the stalled one sends nothing more) */
    int sent = s->kind == SLOW_BODY ? len : s->kind == STALLED_HEADERS ? 20 : 0;
    if (sent > 0)
        send(fd, request, (size_t)sent, MSG_NOSIGNAL);
    while (fault_now() - start < SLOW_GIVE_UP) {
        if (s->kind != STALLED_HEADERS) {
            char byte = sent < len ? request[sent] : ' ';
            if (send(fd, &byte, 1, MSG_NOSIGNAL) != 1) {
                s->closed_after = fault_now() - start;
                break;
            }
            sent++;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        poll(&p, 1, 1000);
        if (server_done(fd, &s->status)) {
            s->closed_after = fault_now() - start;
            break;
        }
    }
    close(fd);
    return NULL;
}

/* --- the case ------------------------------------------------------------------------------ */

void case_hostile(void)
{
    pid_t pid = fault_sys.kpid_pid;
    build_corpus();
    if (register_sources())
        build_deliveries();
    struct slow_client slow[] = {{SLOW_HEADERS, "headers at 1 byte/s", 0, 0},
                                 {SLOW_BODY, "body at 1 byte/s", 0, 0},
                                 {STALLED_HEADERS, "headers stalled", 0, 0}};
    const size_t n_slow = sizeof slow / sizeof slow[0];
    pthread_t threads[sizeof slow / sizeof slow[0]];
    for (size_t i = 0; i < n_slow; i++)
        pthread_create(&threads[i], NULL, slow_client_run, &slow[i]);

    long rss_warm = -1;
    double round_time = 0;
    for (int round = 1; round <= ROUNDS && kpid_running(); round++) {
        double t0 = fault_now();
        char *before = sql_row_counts();
        run_corpus(round);
        char *after = sql_row_counts();
        fault_check(before && after && strcmp(before, after) == 0,
                    "round %d: rejected requests changed rows:\n      before %s\n      after  %s",
                    round, before, after);
        free(before);
        free(after);
        run_deliveries(round);
        metacharacters(round);
        round_time = fault_now() - t0;
        if (round == WARMUP_ROUNDS)
            rss_warm = kpid_rss_kib();
    }
    for (size_t i = 0; i < n_slow; i++) {
        pthread_join(threads[i], NULL);
        fault_note("slow client, %s: closed after %.1f s%s", slow[i].name, slow[i].closed_after,
                   slow[i].status ? " with an answer" : "");
        fault_check(slow[i].closed_after >= 0,
                    "slow client, %s: still connected after %.0f s (connection timeout %d s)",
                    slow[i].name, SLOW_GIVE_UP, FAULT_CONN_TIMEOUT);
        fault_check(slow[i].status < 500, "slow client, %s: answered %ld", slow[i].name,
                    slow[i].status);
    }
    fault_sleep(0.5); /* let threads of closed connections exit */
    long rss_end = kpid_rss_kib();
    fault_note("%zu hostile requests per round, %d rounds (%.1f s each); RSS %ld KiB after %d"
               " warm-up rounds, %ld KiB at the end",
               n_items, ROUNDS, round_time, rss_warm, WARMUP_ROUNDS, rss_end);
    fault_check(kpid_running() && fault_sys.kpid_pid == pid, "kpid is not the same process");
    fault_check(rss_warm > 0 && rss_end > 0 &&
                    (double)labs(rss_end - rss_warm) <= RSS_TOLERANCE * (double)rss_warm,
                "RSS moved from %ld KiB to %ld KiB (more than %.0f %%)", rss_warm, rss_end,
                RSS_TOLERANCE * 100);
    free_corpus();
    free_deliveries();
}
