/* Keyset pagination for list endpoints: ?limit= and an opaque ?cursor=. */
#ifndef KPID_HTTP_PAGING_H
#define KPID_HTTP_PAGING_H

#include "kpid/http/request.h"

#define KPID_PAGE_DEFAULT 100
#define KPID_PAGE_MAX 1000

/* A page request. The cursor carries the sort key of the last row already seen (two text
 * values, e.g. created_at and id), or nothing for the first page. */
struct kpid_page {
    int limit;
    char limit_plus_one[12]; /* as text, for LIMIT $n: one more row tells if more follow */
    bool has_cursor;
    char after[2][128];
};

/* Reads ?limit= (1..1000, default 100) and ?cursor=; 422 when either is malformed. */
enum kpid_outcome kpid_http_page(struct kpid_request *req, struct kpid_page *page);

/* The cursor's values as SQL parameters (NULL on the first page). */
static inline const char *kpid_page_after(const struct kpid_page *page, int i)
{
    return page->has_cursor ? page->after[i] : NULL;
}

/*
 * Builds {"items": items, "next_cursor": ...} from up to limit+1 fetched items: when more
 * than limit were fetched, the extra one is dropped and the cursor points after the last
 * kept row, whose sort key is (key0, key1). Takes ownership of items.
 */
json_t *kpid_page_envelope(json_t *items, const struct kpid_page *page, const char *key0,
                           const char *key1);

#endif
