/* The steps the lead and deal write paths share around their own decoding and writing:
 * checking objects, decoding a batch into documents, merge patches, fetching one row. */
#ifndef KPID_INGEST_DOC_WRITE_H
#define KPID_INGEST_DOC_WRITE_H

#include "kpid/store/db.h"
#include "kpid/json/fields.h"
#include "kpid/ingest/item.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* One kind of ingested row. */
struct kpid_doc_kind {
    const char *noun; /* "lead": a non-object item "must be a lead object" */
    /* Checks an object (or a merge patch) under prefix; without errors and with doc, *doc
     * becomes the flat document the write reads. Returns the number of errors added. */
    size_t (*decode)(const json_t *input, const char *prefix, bool patch, json_t **doc,
                     json_t *errors);
    /* Writes the decoded documents (NULL for an invalid item) inside the open transaction,
     * setting each written item's outcome and id; may reject a document (errors, NULL). */
    enum kpid_db_status (*write)(struct kpid_db *db, const char *workspace_id, json_t **docs,
                                 struct kpid_ingest_item *items, size_t n);
    struct kpid_db_stmt *fetch;                    /* $1 workspace, $2 id: the row's columns */
    json_t *(*json)(const PGresult *res, int row); /* a fetched row as its representation */
};

/*
 * Checks the members that identify a row, given by their spec indexes `keys`: a patch may
 * not send the natural key (spec[0] source and spec[1] external_id), and none may be "".
 */
void kpid_doc_check_keys(const char *noun, const struct kpid_field *spec,
                         const struct kpid_fields *f, const int *keys, size_t n_keys,
                         const char *prefix, bool patch, json_t *errors);

/* Checks one object without touching the database; returns the number of errors added. */
size_t kpid_doc_validate(const struct kpid_doc_kind *kind, const json_t *obj, const char *prefix,
                         json_t *errors);

/* Decodes items[0..n) (each starts INVALID with an empty id) and writes the valid ones. */
enum kpid_db_status kpid_docs_write(const struct kpid_doc_kind *kind, struct kpid_db *db,
                                    const char *workspace_id, struct kpid_ingest_item *items,
                                    size_t n);

/* Applies item->input as a merge patch to the row `id` (item->id stays empty without one). */
enum kpid_db_status kpid_doc_patch(const struct kpid_doc_kind *kind, struct kpid_db *db,
                                   const char *workspace_id, const char *id,
                                   struct kpid_ingest_item *item);

/* The row `id` as its representation (*out owned by the caller), or *out = NULL. */
enum kpid_db_status kpid_doc_fetch(const struct kpid_doc_kind *kind, struct kpid_db *db,
                                   const char *workspace_id, const char *id, json_t **out);

#endif
