/* Workspace and API key creation: a random secret, stored only as its SHA-256. */
#include "kpid/store/keys.h"

#include "kpid/http/auth.h"
#include "kpid/json/json_out.h"

#include <stdio.h>
#include <string.h>

KPID_DB_STMT(workspace_upsert, "workspace_upsert");

KPID_DB_STMT(key_insert, "api_key_insert");

enum kpid_db_status kpid_db_workspace_ensure(struct kpid_db *db, const char *name, char id[37])
{
    const char *params[] = {name};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &workspace_upsert, 1, params, &st);
    if (res == NULL)
        return st;
    if (PQntuples(res) < 1) {
        PQclear(res);
        return KPID_DB_RETRY; /* created and removed concurrently: try again */
    }
    snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return KPID_DB_OK;
}

enum kpid_db_status kpid_db_key_create(struct kpid_db *db, const char *workspace_id,
                                       const char *name, const char *scopes, json_t **out)
{
    char key[KPID_KEY_LEN + 1], hash[65], prefix[KPID_KEY_PREFIX_LEN + 1];
    if (kpid_key_generate(key) != 0)
        return KPID_DB_ERROR;
    kpid_key_hash(key, hash);
    memcpy(prefix, key, KPID_KEY_PREFIX_LEN);
    prefix[KPID_KEY_PREFIX_LEN] = '\0';
    const char *params[] = {workspace_id, name, prefix, hash, scopes};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &key_insert, 5, params, &st);
    if (res == NULL)
        return st;
    *out = json_pack("{s:s,s:s,s:o,s:s,s:s,s:o}", "id", PQgetvalue(res, 0, 0), "name",
                     PQgetvalue(res, 0, 1), "scopes", kpid_json_text_array(PQgetvalue(res, 0, 2)),
                     "prefix", PQgetvalue(res, 0, 3), "key", key, "created_at",
                     kpid_json_timestamp(PQgetvalue(res, 0, 4)));
    PQclear(res);
    return KPID_DB_OK;
}
