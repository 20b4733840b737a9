/* People in the database: one function per statement of src/kpid/store/sql/person_*.sql. */
#ifndef KPID_STORE_PERSON_H
#define KPID_STORE_PERSON_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/* A person as the people table stores it, every member text; left_on may be NULL. */
struct kpid_store_person {
    const char *code, *name, *department, *hired_on, *left_on;
};

/* Inserts the person; when the code exists, replace says whether to replace that person or
 * leave it alone. *created tells whether it was inserted. */
enum kpid_db_status kpid_store_person_save(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_person *p, bool replace,
                                           bool *created);

/* The person `code`: one row with column doc (the JSON document), or none. */
kpid_result *kpid_store_person_get(struct kpid_db *db, const char *workspace_id, const char *code,
                                   enum kpid_db_status *status);

/* People by code, each filter optional (NULL): of a department, after after_code, at most
 * limit rows. Columns: code, doc. */
kpid_result *kpid_store_person_list(struct kpid_db *db, const char *workspace_id,
                                    const char *department, const char *after_code,
                                    const char *limit, enum kpid_db_status *status);

/* Deletes the person and their pay plan versions; *found tells whether there was one. */
enum kpid_db_status kpid_store_person_delete(struct kpid_db *db, const char *workspace_id,
                                             const char *code, bool *found);

#endif
