/* Checks the bearer key of a request: hash it, look it up, confine the request to its
 * workspace and scopes. */
#include "kpid/http/auth.h"
#include "kpid/enums.h"

#include "kpid/db/db.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int kpid_key_generate(char key[KPID_KEY_LEN + 1])
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[33];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    memcpy(key, "kpid_", 5);
    /* 43 base64url characters carry 258 bits; the 33rd byte only pads the last group */
    for (size_t i = 0, o = 5; o < KPID_KEY_LEN; i += 3) {
        unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
        for (int k = 18; k >= 0 && o < KPID_KEY_LEN; k -= 6)
            key[o++] = alphabet[(v >> k) & 63];
    }
    key[KPID_KEY_LEN] = '\0';
    return 0;
}

void kpid_key_hash(const char *key, char hex[65])
{
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_Digest(key, strlen(key), digest, &len, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

unsigned kpid_scope_parse(const char *name)
{
    /* kpid_scopes lists the names in KPID_SCOPE_* bit order */
    for (unsigned i = 0; kpid_scopes[i] != NULL; i++)
        if (strcmp(name, kpid_scopes[i]) == 0)
            return 1u << i;
    return 0;
}

/* Looks the key up; last_used_at is refreshed at most once a minute to keep reads cheap. */
KPID_DB_STMT(find_key, "WITH k AS (SELECT id, workspace_id, scopes, last_used_at FROM api_keys"
                       " WHERE key_hash = $1 AND revoked_at IS NULL),"
                       " touched AS (UPDATE api_keys SET last_used_at = now()"
                       " WHERE id = (SELECT id FROM k) AND (last_used_at IS NULL"
                       " OR last_used_at < now() - interval '1 minute'))"
                       " SELECT id, workspace_id, scopes FROM k");

static unsigned scopes_from_array(const char *pg_array)
{
    /* a text[] literal such as {ingest,read} */
    unsigned bits = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", pg_array);
    for (char *save = NULL, *tok = strtok_r(buf, "{},", &save); tok != NULL;
         tok = strtok_r(NULL, "{},", &save))
        bits |= kpid_scope_parse(tok);
    if (bits & KPID_SCOPE_ADMIN)
        bits |= KPID_SCOPE_INGEST | KPID_SCOPE_READ;
    return bits;
}

static enum kpid_outcome unauthorized(struct kpid_request *req, const char *detail)
{
    kpid_http_add_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"kpid\"");
    return kpid_http_problem(req, 401, "unauthorized", NULL, "%s", detail);
}

enum kpid_outcome kpid_auth_check(struct kpid_request *req, enum kpid_scope scope)
{
    if (scope == KPID_SCOPE_NONE)
        return KPID_OK;
    const char *header = kpid_http_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
    if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
        return unauthorized(req, "an API key is required: Authorization: Bearer <key>");
    const char *key = header + 7;
    while (*key == ' ')
        key++;
    if (strlen(key) != KPID_KEY_LEN || strncmp(key, "kpid_", 5) != 0)
        return unauthorized(req, "the API key is not valid");

    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    char hash[65];
    kpid_key_hash(key, hash);
    const char *params[] = {hash};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &find_key, 1, params, &st);
    if (res == NULL)
        return kpid_http_db_failed(req, st);
    if (PQntuples(res) != 1) {
        PQclear(res);
        return unauthorized(req, "the API key is not valid");
    }
    snprintf(req->auth.key_id, sizeof req->auth.key_id, "%s", PQgetvalue(res, 0, 0));
    snprintf(req->auth.workspace_id, sizeof req->auth.workspace_id, "%s", PQgetvalue(res, 0, 1));
    req->auth.scopes = scopes_from_array(PQgetvalue(res, 0, 2));
    PQclear(res);
    return kpid_http_require_scope(req, scope);
}

enum kpid_outcome kpid_http_require_scope(struct kpid_request *req, enum kpid_scope scope)
{
    if ((req->auth.scopes & (unsigned)scope) == (unsigned)scope)
        return KPID_OK;
    static const char *const names[] = {"", "ingest", "read", "", "admin"};
    return kpid_http_problem(req, 403, "forbidden", NULL, "this API key lacks the '%s' scope",
                             names[scope]);
}
