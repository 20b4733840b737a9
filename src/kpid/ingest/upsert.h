/* The set-based create-or-update of a batch of documents on (source, external_id), shared by
 * leads and deals. */
#ifndef KPID_INGEST_UPSERT_H
#define KPID_INGEST_UPSERT_H

#include "kpid/db/db.h"
#include "kpid/ingest/item.h"

#include <jansson.h>
#include <stddef.h>

/*
 * The two statements of one table. Both take $1 the workspace and $2 a JSON array of
 * documents (column -> value, present members only, plus "ord": the item's index); the
 * insert also takes $3 when kpid_upsert is given one.
 * insert: inserts every document, skipping those whose (source, external_id) exists
 * (ON CONFLICT DO NOTHING); returns (ord, id) of the inserted rows.
 * update: applies each document to the row with its "id" or, without one, its
 * (source, external_id) - present members replace, absent ones keep - touching only rows
 * that change; returns (ord, id) of every row found.
 */
struct kpid_upsert_sql {
    struct kpid_db_stmt *insert;
    struct kpid_db_stmt *update;
};

/*
 * Writes docs[i] for every item with a document (NULL: the item is INVALID and skipped):
 * a document with "id" updates that row (a PATCH); the others are inserted, or update the
 * row with their natural key. Repeats of one natural key within the batch are applied in
 * order, as if posted one after another. Sets each written item's outcome and id; an item
 * whose row was not found keeps an empty id. Adds "ord" to the documents. `insert_param`,
 * when not NULL, is the insert statement's $3.
 */
enum kpid_db_status kpid_upsert(struct kpid_db *db, const char *workspace_id,
                                const struct kpid_upsert_sql *sql, const char *insert_param,
                                json_t *const *docs, struct kpid_ingest_item *items, size_t n);

#endif
