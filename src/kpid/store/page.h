/* One page of a keyset-paged list, as the list statements take it. */
#ifndef KPID_STORE_PAGE_H
#define KPID_STORE_PAGE_H

/*
 * A list statement takes $1 the workspace, $2 and $3 the sort key and id of the last row
 * already seen (NULL on the first page), $4 the number of rows to return, then its filters
 * from $5 on; it orders by (sort column, id).
 */
struct kpid_store_page {
    const char *after_key; /* NULL on the first page */
    const char *after_id;
    const char *limit; /* rows to return, as text */
};

#endif
