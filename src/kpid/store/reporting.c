/* Reporting roles: the statements of src/kpid/store/sql/reporting_*.sql, and the connection
 * string built from kpid's own connection. */
#include "kpid/store/reporting.h"

#include "kpid/store/result.h"

#include <stdio.h>

KPID_DB_STMT(reporting_grant, "reporting_grant");
KPID_DB_STMT(reporting_revoke, "reporting_revoke");

/* Runs a statement answering one `role` column (NULL: none) into role. */
static enum kpid_db_status role_of(struct kpid_db *db, struct kpid_db_stmt *stmt, int nparams,
                                   const char *const *params, char *role, size_t size)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_db_exec(db, stmt, nparams, params, &st);
    if (res == NULL)
        return st;
    const char *name = kpid_result_rows(res) == 1 ? kpid_result_text(res, 0, "role") : NULL;
    snprintf(role, size, "%s", name ? name : "");
    kpid_result_free(res);
    return KPID_DB_OK;
}

enum kpid_db_status kpid_store_reporting_grant(struct kpid_db *db, const char *workspace,
                                               const char *password, char *role, size_t size)
{
    const char *params[] = {workspace, password};
    return role_of(db, &reporting_grant, 2, params, role, size);
}

enum kpid_db_status kpid_store_reporting_revoke(struct kpid_db *db, const char *workspace,
                                                char *role, size_t size)
{
    const char *params[] = {workspace};
    return role_of(db, &reporting_revoke, 1, params, role, size);
}

void kpid_store_reporting_url(struct kpid_db *db, const char *role, const char *password,
                              char *out, size_t size)
{
    PGconn *conn = kpid_db_conn(db);
    const char *host = PQhost(conn), *port = PQport(conn), *name = PQdb(conn);
    if (host != NULL && host[0] == '/')
        snprintf(out, size, "postgresql://%s:%s@/%s?host=%s&port=%s", role, password, name, host,
                 port);
    else
        snprintf(out, size, "postgresql://%s:%s@%s:%s/%s", role, password, host ? host : "",
                 port, name);
}
