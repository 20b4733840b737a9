/* List endpoints: one keyset-paged statement, one JSON item per row, the list envelope. */
#ifndef KPID_HTTP_LIST_H
#define KPID_HTTP_LIST_H

#include "kpid/db/db.h"
#include "kpid/http/paging.h"
#include "kpid/http/request.h"

/* What a list is sorted by before its rows' ids: the first value its cursors carry. */
enum kpid_list_key {
    KPID_LIST_KEY_TIMESTAMP, /* an instant, carried in its RFC 3339 form */
    KPID_LIST_KEY_DATE,      /* YYYY-MM-DD */
    KPID_LIST_KEY_TEXT,      /* any text, such as a name */
};

/*
 * One list. The statement takes $1 the workspace, $2 and $3 the cursor's sort key and id
 * (NULL on the first page: `($2::timestamptz IS NULL OR (col, id) > ($2, $3::uuid))`),
 * $4 the limit plus one (`LIMIT $4::int`), then the list's filters from $5 on; it orders
 * by (sort column, id). Each row becomes an item with `row`; the item's members key_member
 * and "id" (strings) are the sort key the next cursor carries.
 */
struct kpid_list {
    struct kpid_db_stmt *stmt;
    json_t *(*row)(const PGresult *res, int i);
    const char *key_member;
    enum kpid_list_key key;
};

/*
 * Replies with one page of the list: 422 for a cursor whose values are not of the list's
 * kind (a cursor of another list), else 200 {"items": [...], "next_cursor": ...}.
 * filters[0..n_filters) are the statement's $5... (NULL = no filter); at most 12.
 */
enum kpid_outcome kpid_list_reply(struct kpid_request *req, const struct kpid_list *list,
                                  const struct kpid_page *page, const char *const *filters,
                                  int n_filters);

#endif
