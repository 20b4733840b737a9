/* Idempotency keys: the statements of src/kpid/store/sql/idempotency_*.sql with named
 * parameters. */
#include "kpid/store/idempotency.h"

#include "kpid/store/stmt_run.h"

#include <stdio.h>

KPID_DB_STMT(idempotency_claim, "idempotency_claim");
KPID_DB_STMT(idempotency_get, "idempotency_get");
KPID_DB_STMT(idempotency_delete, "idempotency_delete");
KPID_DB_STMT(idempotency_store, "idempotency_store");

enum kpid_db_status kpid_store_idempotency_claim(struct kpid_db *db, const char *workspace_id,
                                                 const char *key, const char *fingerprint,
                                                 bool *claimed)
{
    const char *params[] = {workspace_id, key, fingerprint};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &idempotency_claim, 3, params, &st);
    *claimed = res != NULL && PQntuples(res) == 1;
    PQclear(res);
    return st;
}

kpid_result *kpid_store_idempotency_get(struct kpid_db *db, const char *workspace_id,
                                        const char *key, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, key};
    return kpid_db_exec(db, &idempotency_get, 2, params, status);
}

enum kpid_db_status kpid_store_idempotency_delete(struct kpid_db *db, const char *workspace_id,
                                                  const char *key)
{
    const char *params[] = {workspace_id, key};
    return kpid_store_exec_status(db, &idempotency_delete, 2, params);
}

enum kpid_db_status kpid_store_idempotency_store(struct kpid_db *db, const char *workspace_id,
                                                 const char *key, unsigned http_status,
                                                 const char *response, const char *headers)
{
    char status_text[12];
    snprintf(status_text, sizeof status_text, "%u", http_status);
    const char *params[] = {workspace_id, key, status_text, response, headers};
    return kpid_store_exec_status(db, &idempotency_store, 5, params);
}
