/* One ingested resource (lead, deal): its members defined once, and the write path POST,
 * batch POST, PATCH, GET and the webhook mapper share (decode, write, fetch as JSON). */
#ifndef KPID_INGEST_RESOURCE_H
#define KPID_INGEST_RESOURCE_H

#include "kpid/ingest/item.h"
#include "kpid/json/fields.h"
#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* What a member is to the write path besides its field spec. */
enum {
    KPID_INGEST_KEY = 1u,        /* part of the natural key: set on create only, never "" */
    KPID_INGEST_NOT_EMPTY = 2u,  /* never "" */
    KPID_INGEST_INPUT_ONLY = 4u, /* written through the document, not in the representation */
};

/* One member: the document key and stored column, and its role. */
struct kpid_ingest_member {
    const char *column;
    unsigned role;
};

/*
 * A resource's member list is one X-macro, X(NAME, column, role, field spec...), the field
 * spec in designated initialisers; these expand it into the tables below.
 */
#define KPID_INGEST_SPEC(name, column, role, ...) {__VA_ARGS__},
#define KPID_INGEST_MEMBER(name, column, role, ...) {(column), (role)},

/* One ingested resource, named directly by its handlers and the webhook mapper. */
struct kpid_ingest_resource {
    const char *noun;       /* "lead": "must be a lead object" */
    const char *collection; /* "/v1/leads": a created row is at collection + "/" + id */
    /* members: writable ones first, the read-only ones of the representation after */
    const struct kpid_field *spec;
    const struct kpid_ingest_member *members;
    size_t n_members;
    /* checks between decoded members, after each one's own (may be NULL) */
    void (*rules)(const struct kpid_fields *f, const char *prefix, bool patch, json_t *errors);
    /* adds the members a document derives from its input (may be NULL) */
    void (*derive)(json_t *doc, const struct kpid_fields *f);
    /* writes the documents (NULL: an invalid item) inside the open transaction, setting each
     * written item's outcome and id; may still reject a document (errors, *doc NULL) */
    enum kpid_db_status (*write)(struct kpid_db *db, const char *workspace_id, json_t **docs,
                                 struct kpid_ingest_item *items, size_t n);
    /* the store's fetch of one row by id */
    kpid_result *(*fetch)(struct kpid_db *db, const char *workspace_id, const char *id,
                          enum kpid_db_status *status);
};

/*
 * The one decoding entry point: checks `input` (a whole object, or with `patch` a merge
 * patch: nothing required, the natural key not changeable) and appends errors under
 * `prefix`. Without errors and with `doc`, *doc becomes the flat document the write reads:
 * column -> value for the members the input sets (null included; a null parent clears its
 * members) plus the derived ones. Returns the number of errors added.
 */
size_t kpid_ingest_decode(const struct kpid_ingest_resource *r, const json_t *input,
                          const char *prefix, bool patch, json_t **doc, json_t *errors);

/* Whether a top-level member is one a request writes (not read-only, not unknown). */
bool kpid_ingest_writable(const struct kpid_ingest_resource *r, const char *member);

/* Whether a mapping may set the member at `path` ("contact/phone"): a writable member. */
bool kpid_ingest_target(const struct kpid_ingest_resource *r, const char *path);

/*
 * Decodes items[0..n) (each starts INVALID with an empty id; a non-object is "must be a
 * <noun> object") and writes the valid ones inside the caller's open transaction
 * (set-based: a handful of statements whatever n is). A row with an existing natural key
 * (source default "api", external_id) is updated in place and keeps its id. Returns
 * KPID_DB_OK or the failure to end the transaction with; a caller whose transaction may
 * run again empties the items' errors arrays first. A written item that asks keep_row gets
 * its row.
 */
enum kpid_db_status kpid_ingest_write(const struct kpid_ingest_resource *r, struct kpid_db *db,
                                      const char *workspace_id, struct kpid_ingest_item *items,
                                      size_t n);

/* Applies item->input as a merge patch to the row `id`: INVALID with errors, else UPDATED
 * (with its row when it asks keep_row); item->id stays empty when the workspace has no such
 * row. */
enum kpid_db_status kpid_ingest_patch(const struct kpid_ingest_resource *r, struct kpid_db *db,
                                      const char *workspace_id, const char *id,
                                      struct kpid_ingest_item *item);

/* The row `id` as its representation (*out owned by the caller), or *out = NULL. */
enum kpid_db_status kpid_ingest_fetch(const struct kpid_ingest_resource *r, struct kpid_db *db,
                                      const char *workspace_id, const char *id, json_t **out);

/* Row `row` of a result with the resource's columns as its representation (new reference).
 * The columns are looked up when row 0 is read: read a result from row 0 on. */
json_t *kpid_ingest_json(const struct kpid_ingest_resource *r, const kpid_result *res, int row);

/*
 * The insert and update of a batch, both over `batch` (a JSON array of documents with
 * "ord"). insert skips existing natural keys and returns (ord, id) of the inserted rows, plus
 * a boolean "recheck" when the caller passes `flagged`; update applies each document to the
 * row with its "id" or natural key and returns (ord, id) of every row found.
 */
typedef kpid_result *(*kpid_upsert_fn)(void *ctx, bool insert, const json_t *batch,
                                       enum kpid_db_status *status);

/*
 * Writes docs[i] for every item with a document: a document with "id" updates that row (a
 * PATCH); the others are inserted, or update the row with their natural key. Repeats of one
 * natural key are applied in order, as if posted one after another, and documents go in
 * natural-key order so that concurrent batches lock rows alike. Sets each written item's
 * outcome and id (an item whose row was not found keeps an empty id) and, when `flagged`
 * (n entries) is given, whether its inserted row came back with recheck true. With `shown`
 * (whose insert returns every column), an item that asks keep_row and was inserted without
 * recheck gets its row as `shown` shows it.
 */
enum kpid_db_status kpid_upsert(kpid_upsert_fn run, void *ctx, json_t *const *docs,
                                struct kpid_ingest_item *items, size_t n, bool *flagged,
                                const struct kpid_ingest_resource *shown);

#endif
