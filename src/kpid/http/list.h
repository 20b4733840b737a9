/* List endpoints: one keyset-paged statement, one JSON item per row, the list envelope. */
#ifndef KPID_HTTP_LIST_H
#define KPID_HTTP_LIST_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"
#include "kpid/http/paging.h"
#include "kpid/http/request.h"

/* What a list is sorted by before its rows' ids: the first value its cursors carry. */
enum kpid_list_key {
    KPID_LIST_KEY_TIMESTAMP, /* an instant, carried in its RFC 3339 form */
    KPID_LIST_KEY_DATE,      /* YYYY-MM-DD */
    KPID_LIST_KEY_TEXT,      /* any text, such as a name */
};

/* Fetches one page of the list's rows, sorted by (sort key, id), with the list's own filter
 * (a store function such as kpid_store_lead_list). */
typedef kpid_result *(*kpid_list_fetch_fn)(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_page *page, const void *filter,
                                           enum kpid_db_status *status);

/*
 * One list: each row fetched becomes an item with `row`; the item's members key_member and
 * "id" (strings) are the sort key the next cursor carries.
 */
struct kpid_list {
    kpid_list_fetch_fn fetch;
    json_t *(*row)(const kpid_result *res, int i);
    const char *key_member;
    enum kpid_list_key key;
};

/*
 * Replies with one page of the list: 422 for a cursor whose values are not of the list's
 * kind (a cursor of another list), else 200 {"items": [...], "next_cursor": ...}. filter is
 * passed to the list's fetch function as it is.
 */
enum kpid_outcome kpid_list_reply(struct kpid_request *req, const struct kpid_list *list,
                                  const struct kpid_page *page, const void *filter);

/* The same, answering text/csv when the client asks for it (kpid_http_negotiate_csv): one
 * line per item (flattened as kpid_http_reply_csv does), the next page's cursor in the
 * X-Next-Cursor header. */
enum kpid_outcome kpid_list_reply_csv(struct kpid_request *req, const struct kpid_list *list,
                                      const struct kpid_page *page, const void *filter);

/* GET of a list that takes no filter: the page from the query (422 for a bad one), then
 * kpid_list_reply with a NULL filter. */
enum kpid_outcome kpid_list_get(struct kpid_request *req, const struct kpid_list *list);

#endif
