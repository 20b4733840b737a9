/* The set-based create-or-update of a batch of documents on (source, external_id), shared by
 * leads and deals. */
#ifndef KPID_INGEST_UPSERT_H
#define KPID_INGEST_UPSERT_H

#include "kpid/store/db.h"
#include "kpid/ingest/item.h"

#include <jansson.h>
#include <stddef.h>

/*
 * The two statements of one table. Both take $1 the workspace and $2 a JSON array of
 * documents (column -> value, present members only, plus "ord": the item's index); the
 * insert also takes the extra parameters kpid_upsert is given, from $3 on.
 * insert: inserts every document, skipping those whose (source, external_id) exists
 * (ON CONFLICT DO NOTHING); returns (ord, id) of the inserted rows, and may return a third
 * boolean column: the row needs a second look (see kpid_upsert's `flagged`).
 * update: applies each document to the row with its "id" or, without one, its
 * (source, external_id) - present members replace, absent ones keep - touching only rows
 * that change; returns (ord, id) of every row found.
 */
struct kpid_upsert_sql {
    struct kpid_db_stmt *insert;
    struct kpid_db_stmt *update;
    int n_extra; /* parameters of the insert after $2 */
};

/*
 * Writes docs[i] for every item with a document (NULL: the item is INVALID and skipped):
 * a document with "id" updates that row (a PATCH); the others are inserted, or update the
 * row with their natural key. Repeats of one natural key within the batch are applied in
 * order, as if posted one after another. Sets each written item's outcome and id; an item
 * whose row was not found keeps an empty id. Adds "ord" to the documents. `extra` holds
 * the insert's sql->n_extra further parameters. `flagged`, when not NULL, has n entries and
 * gets true for the inserted rows whose third column is true.
 */
enum kpid_db_status kpid_upsert(struct kpid_db *db, const char *workspace_id,
                                const struct kpid_upsert_sql *sql, const char *const *extra,
                                json_t *const *docs, struct kpid_ingest_item *items, size_t n,
                                bool *flagged);

#endif
