/* NPS answers in the database: one function per statement of src/kpid/store/sql/nps_*.sql. */
#ifndef KPID_STORE_NPS_H
#define KPID_STORE_NPS_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* An answer as posted; texts already validated (score 0-10, an RFC 3339 responded_at). */
struct kpid_nps_answer {
    const char *score;
    const char *responded_at;
    const char *client_ref;  /* may be NULL */
    const char *external_id; /* may be NULL: then every post is a new answer */
};

/* The filters of GET /v1/nps-responses; NULL = no filter. */
struct kpid_nps_filter {
    const char *from; /* responded_at >= from */
    const char *to;   /* responded_at < to */
    const char *client_ref;
};

/* Creates the answer, or updates the one with the same external_id. One row: the stored
 * answer's columns (id, score, responded_at, client_ref, external_id, ingested_at) and
 * `created` (false for an update). */
kpid_result *kpid_store_nps_upsert(struct kpid_db *db, const char *workspace_id,
                                   const struct kpid_nps_answer *answer,
                                   enum kpid_db_status *status);

/* One page of answers by (responded_at, id), with the columns of an upsert. */
kpid_result *kpid_store_nps_list(struct kpid_db *db, const char *workspace_id,
                                 const struct kpid_store_page *page, const void *filter,
                                 enum kpid_db_status *status);

#endif
