/* Runs a list endpoint's statement for one page and builds its envelope. */
#include "kpid/http/list.h"

#include "kpid/http/csv.h"
#include "kpid/json/fields.h"

/* Whether the cursor's values are a sort key of this list and a row id. */
static bool cursor_fits(const struct kpid_list *list, const struct kpid_page *page)
{
    if (!kpid_is_uuid(page->after[1]))
        return false;
    switch (list->key) {
    case KPID_LIST_KEY_TIMESTAMP:
        return kpid_is_timestamp(page->after[0]);
    case KPID_LIST_KEY_DATE:
        return kpid_is_date(page->after[0]);
    case KPID_LIST_KEY_TEXT:
        return true;
    }
    return false;
}

static const char *member(const json_t *item, const char *name)
{
    const char *s = json_string_value(json_object_get(item, name));
    return s ? s : "";
}

/* Fetches one page into *envelope ({items, next_cursor}); anything but KPID_OK is replied. */
static enum kpid_outcome fetch_page(struct kpid_request *req, const struct kpid_list *list,
                                    const struct kpid_page *page, const void *filter,
                                    json_t **envelope)
{
    if (page->has_cursor && !cursor_fits(list, page))
        return kpid_http_problem(req, 422, "validation", NULL,
                                 "cursor is not one this service issued");
    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    const struct kpid_store_page store_page = {kpid_page_after(page, 0), kpid_page_after(page, 1),
                                               page->limit_plus_one};
    enum kpid_db_status st;
    kpid_result *res = list->fetch(db, req->auth.workspace_id, &store_page, filter, &st);
    if (res == NULL)
        return kpid_http_db_failed(req, st);
    json_t *items = json_array();
    int n = kpid_result_rows(res);
    for (int i = 0; i < n; i++)
        json_array_append_new(items, list->row(res, i));
    kpid_result_free(res);
    /* the cursor points after the last row kept: the page's last, when one more was fetched */
    const json_t *last = json_array_get(items, n > page->limit ? (size_t)page->limit - 1 : 0);
    *envelope = kpid_page_envelope(items, page, member(last, list->key_member), member(last, "id"));
    return KPID_OK;
}

enum kpid_outcome kpid_list_reply(struct kpid_request *req, const struct kpid_list *list,
                                  const struct kpid_page *page, const void *filter)
{
    json_t *envelope;
    enum kpid_outcome rc = fetch_page(req, list, page, filter, &envelope);
    return rc != KPID_OK ? rc : kpid_http_reply_json(req, 200, envelope);
}

enum kpid_outcome kpid_list_reply_csv(struct kpid_request *req, const struct kpid_list *list,
                                      const struct kpid_page *page, const void *filter)
{
    enum kpid_reply_format format;
    json_t *envelope;
    enum kpid_outcome rc;
    if ((rc = kpid_http_negotiate_csv(req, &format)) != KPID_OK ||
        (rc = fetch_page(req, list, page, filter, &envelope)) != KPID_OK)
        return rc;
    if (format == KPID_FORMAT_JSON)
        return kpid_http_reply_json(req, 200, envelope);
    const char *next = json_string_value(json_object_get(envelope, "next_cursor"));
    if (next != NULL)
        kpid_http_add_header(req, "X-Next-Cursor", next);
    json_t *items = json_incref(json_object_get(envelope, "items"));
    json_decref(envelope);
    return kpid_http_reply_csv(req, format, items);
}

enum kpid_outcome kpid_list_get(struct kpid_request *req, const struct kpid_list *list)
{
    struct kpid_page page;
    enum kpid_outcome rc = kpid_http_page(req, &page);
    if (rc != KPID_OK)
        return rc;
    return kpid_list_reply(req, list, &page, NULL);
}
