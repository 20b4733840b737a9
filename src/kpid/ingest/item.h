/* One object handed to the ingest write path (leads, deals) and what became of it. */
#ifndef KPID_INGEST_ITEM_H
#define KPID_INGEST_ITEM_H

#include <jansson.h>
#include <stdbool.h>

enum kpid_ingest_outcome {
    KPID_INGEST_CREATED, /* a new row */
    KPID_INGEST_UPDATED, /* the row with the same (source, external_id) existed: same id */
    KPID_INGEST_INVALID, /* nothing written; field errors were appended to `errors` */
};

/*
 * In: the decoded JSON object (the shape POST /v1/leads or /v1/deals accepts), the JSON
 * pointer prefix its field errors get ("" for a whole body, "/items/7" in a batch) and the
 * array they are appended to. Out: the outcome and, unless INVALID, the row's id (and maybe
 * the row).
 */
struct kpid_ingest_item {
    const json_t *input; /* borrowed */
    char prefix[32];
    json_t *errors;          /* borrowed; {field, message} objects are appended */
    const json_t *on_create; /* borrowed, may be NULL: members ("created_at", "contact/name")
                                written only when the item creates its row */
    enum kpid_ingest_outcome outcome;
    char id[37];
    bool keep_row; /* in: fill `row` with the written row */
    json_t *row;   /* owned, NULL unless keep_row: the written row as the API shows it, from
                      the insert when it returned it final, else read back in the same
                      transaction */
};

#endif
