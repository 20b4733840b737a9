/* The API tests' client: HTTP calls to the kpid under test, CLI and SQL helpers, assertions. */
#ifndef KPID_TESTS_API_CLIENT_H
#define KPID_TESTS_API_CLIENT_H

#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The harness (tests/api/run.sh) passes the server and its database in the environment:
 * KPID_TEST_URL, KPID_TEST_ADMIN_KEY, KPID_TEST_DATABASE_URL, KPID_TEST_KPID_BIN,
 * KPID_TEST_PG_DIR and KPID_TEST_RESPONSE_LOG. Every helper below fails the running test
 * (ck_abort_msg) when something outside the server's answer goes wrong - a missing variable, a
 * refused connection, a failing SQL statement - so tests only check what kpid said.
 *
 * Tests run in forked children; in the sanitizer build a child that leaks fails its test, so
 * free every response, string and key these helpers return.
 */

struct api_header_field {
    char *name;
    char *value;
};

/* One response received from kpid. Always free it with api_response_free. */
struct api_response {
    char *method;       /* the request's method and path, for messages */
    char *path;         /* as sent, query included */
    long status;        /* HTTP status code */
    char *body;         /* NUL-terminated (the body itself may hold NULs: see len) */
    size_t len;         /* body length in bytes */
    json_t *json;       /* the parsed body when the content type is JSON, else NULL */
    char *content_type; /* the Content-Type header, or NULL */
    char *headers;      /* the raw response header block, for messages */
    struct api_header_field *fields;
    size_t nfields;
};

/* Everything a request can carry; api_send takes it with designated initializers. */
struct api_call {
    const char *method;         /* "GET", "POST", "HEAD", "OPTIONS", ... */
    const char *path;           /* "/v1/api-keys?limit=5", appended to KPID_TEST_URL */
    const char *key;            /* sent as "Authorization: Bearer KEY" unless NULL */
    const char *content_type;   /* NULL sends no Content-Type */
    const char *body;           /* NULL sends none */
    size_t body_len;            /* 0 means strlen(body) */
    bool chunked;               /* send the body with Transfer-Encoding: chunked */
    const char *const *headers; /* further "Name: value" lines, NULL-terminated, or NULL */
};

/* Call once in main() before any test runs, and api_client_cleanup() at the end. */
void api_client_init(void);
void api_client_cleanup(void);

/* The admin key of the `api-test` workspace that the harness created. */
const char *api_admin_key(void);

/* Sends one request, appends its response to the response log and returns it. */
struct api_response *api_send(const struct api_call *call);

/* api_request(method, path, key, content_type, body, "Name: value"...): extra headers last. */
struct api_response *api_request_(const char *method, const char *path, const char *key,
                                  const char *content_type, const char *body, ...)
    __attribute__((sentinel));
#define api_request(...) api_request_(__VA_ARGS__, (const char *)NULL)

struct api_response *api_get(const char *path, const char *key);
struct api_response *api_post_json(const char *path, const char *key, const char *json_text);
struct api_response *api_delete(const char *path, const char *key);

/* GETs path until it answers `status` or `seconds` pass; returns the last response. */
struct api_response *api_poll(const char *path, const char *key, long status, double seconds);

void api_response_free(struct api_response *resp);

/* Whether the Content-Type's media type (parameters ignored) is `media_type`, in any case. */
bool api_content_type_is(const struct api_response *resp, const char *media_type);

/* The value of the first header called `name` (any case), or NULL. */
const char *api_header(const struct api_response *resp, const char *name);

/* Whether header `name` holds `token` in its comma-separated list (any case). */
bool api_header_has_token(const struct api_response *resp, const char *name, const char *token);

/* The JSON value at an RFC 6901 pointer ("/items/0/name") in the body, or NULL. */
json_t *api_json_at(const struct api_response *resp, const char *pointer);

/* The string at `pointer`, or NULL when absent or not a string. */
const char *api_json_string(const struct api_response *resp, const char *pointer);

/* Whether resp is an application/problem+json with a type, a title and this status; if not,
 * says why in `why`. Use it through api_assert_problem. */
bool api_check_problem(const struct api_response *resp, long status, char *why, size_t why_size);

#define api_assert_status(resp, expected)                                                          \
    ck_assert_msg((resp)->status == (expected), "%s %s: status %ld, expected %ld; body: %.600s",   \
                  (resp)->method, (resp)->path, (resp)->status, (long)(expected), (resp)->body)

#define api_assert_problem(resp, expected)                                                         \
    do {                                                                                           \
        char api_why_[1024];                                                                       \
        ck_assert_msg(api_check_problem((resp), (expected), api_why_, sizeof api_why_), "%s",      \
                      api_why_);                                                                   \
    } while (0)

/* The bytes of the file at `path` (relative to the repository), NUL-terminated (free them);
 * *len, when not NULL, gets their number. Fails the test when the file cannot be read. */
char *api_read_file(const char *path, size_t *len);

/* A JSON object text of exactly `size` bytes ({"name":"xxx..."}), for body-size tests. */
char *api_padded_json(size_t size);

/*
 * Sends `len` raw bytes on a new connection to the server and reads the response. Returns its
 * status code, or 0 when the server closed the connection without one. When `reply` is not
 * NULL it receives the response text (free it). Nothing is logged: this is for requests that
 * libcurl would refuse to send, such as conflicting Content-Length headers.
 */
long api_raw(const void *bytes, size_t len, char **reply);

/*
 * Runs argv (argv[0] looked up in PATH) with KPID_DATABASE_URL set to the test database and
 * returns its stdout (free it). *status gets its exit status (-1 when killed by a signal); when
 * `err` is not NULL it receives the program's stderr (free it), else that is discarded.
 */
char *api_run(const char *const argv[], int *status, char **err);

/* Creates a key for `workspace` (created if new) through `kpid keys create`. Free it. */
char *api_new_workspace_key(const char *workspace, const char *scopes);

/* Stops the test cluster immediately, or starts it again, with deploy/pg-cluster.sh. */
void api_db_stop(void);
void api_db_start(void);

/*
 * Runs one SQL statement on the test database with text parameters and returns the first
 * column of the first row (free it), or NULL when there is no row or the value is NULL.
 */
char *api_sql_value_(const char *sql, ...) __attribute__((sentinel));
#define api_sql_value(...) api_sql_value_(__VA_ARGS__, (const char *)NULL)

#endif
