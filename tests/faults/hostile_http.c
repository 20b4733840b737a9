/* Case d's raw-HTTP corpus: malformed JSON, oversized and smuggling-shaped framing, headers
 * over the connection's memory limit, hostile query and path parameters. Each request names
 * the statuses it may get; kpid's own answers must be problem+json. */
#include "faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Adds a request (head and body taken over). */
static void add_raw(const char *name, const char *allowed, bool problem, char *head, char *body,
                    size_t body_len)
{
    if (n_items == MAX_ITEMS)
        abort(); /* raise MAX_ITEMS */
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
    char *head = text_printf("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
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
    return text_printf("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\"%s}", rest);
}

/* head + unit x times + tail, as a new string. */
static char *nested(size_t depth, const char *open, const char *close)
{
    char *opens = text_repeat(open, depth, "", "");
    char *closes = text_repeat(close, depth, "", "}}");
    char *text = text_printf("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00Z\","
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
    char *unit = text_printf("%s,", lead);
    char *batch = text_repeat(unit, n, "{\"items\":[", "]}");
    size_t len = strlen(batch);
    memmove(batch + len - 3, batch + len - 2, 3); /* drop the last comma */
    free(unit);
    free(lead);
    return batch;
}

void hostile_http_build(void)
{
    /* JSON that kpid must refuse */
    add_lead("truncated JSON", "400", text_printf("{\"channel\":\"seo\",\"created_at\":\"20"));
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
    add_lead("a JSON array", "400 422", text_printf("[1,2,3]"));
    add_lead("a JSON string", "400 422", text_printf("\"lead\""));
    add_lead("wrong types", "422",
             text_printf("{\"channel\":7,\"created_at\":true,\"contact\":\"x\","
                         "\"is_valid\":\"yes\",\"attributes\":[]}"));
    add_lead("timestamp without offset", "422",
             text_printf("{\"channel\":\"seo\",\"created_at\":\"2025-01-15T10:00:00\"}"));
    add_lead("impossible date", "422",
             text_printf("{\"channel\":\"seo\",\"created_at\":\"2025-02-30T10:00:00Z\"}"));
    add_lead("200 KB string", "413 422", text_repeat("x", 200000, "{\"channel\":\"", "\"}"));
    add_lead("20,000 unknown members", "422", text_repeat("\"k\":0,", 20000, "{", "\"z\":0}"));
    add_lead("empty body", "400", text_printf("%s", ""));
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
            text_printf("POST /v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                        "Connection: close\r\n\r\n",
                        fault_sys.admin_key),
            body, len);
    add_request("two Content-Length headers", "400", "POST", "/v1/leads", "application/json",
                lead_with(""), "Content-Length: 7\r\n");
    add_request("Content-Length and Transfer-Encoding", "400", "POST", "/v1/leads",
                "application/json", lead_with(""), "Transfer-Encoding: chunked\r\n");

    /* headers and request line over the per-connection memory limit (libmicrohttpd answers) */
    char *big = text_repeat("a", 100 * 1024, "X-Big: ", "\r\n");
    add_request("100 KiB header", "413 431", "GET", "/v1/leads", NULL, NULL, big);
    items[n_items - 1].problem = false;
    free(big);
    add_raw("100 KiB URL", "414 431", false,
            text_repeat("a", 100 * 1024, "GET /v1/leads?x=", " HTTP/1.1\r\nHost: x\r\n\r\n"), NULL,
            0);
    add_raw("garbage request line", "400 0", false, text_printf("\x16\x03\x01 hello\r\n\r\n"), NULL,
            0);
    char *long_value = text_repeat("A", 8192, "", "");
    char *extra = text_printf("Idempotency-Key: %s\r\n", long_value);
    add_request("8 KiB Idempotency-Key", "400", "POST", "/v1/leads", "application/json",
                lead_with(""), extra);
    add_raw("8 KiB bearer key", "401", true,
            text_printf("GET /v1/leads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
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
                "application/merge-patch+json", text_printf("{}"), "");
}

void hostile_http_free(void)
{
    for (size_t i = 0; i < n_items; i++) {
        free(items[i].head);
        free(items[i].body);
    }
    n_items = 0;
}

/* Whether `status` is one of the space-separated statuses in `allowed`. */
static bool status_allowed(long status, const char *allowed)
{
    char want[8];
    snprintf(want, sizeof want, "%ld", status);
    for (const char *p = allowed; (p = strstr(p, want)) != NULL; p++)
        if ((p == allowed || p[-1] == ' ') && (p[strlen(want)] == ' ' || !p[strlen(want)]))
            return true;
    return false;
}

size_t hostile_http_run(int round)
{
    size_t sent = 0;
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
        sent++;
        if (!kpid_running()) {
            fault_fail("kpid died on %s", h->name);
            break;
        }
    }
    return sent;
}
