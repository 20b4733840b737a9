/* Drives a lead or deal write: objects checked and decoded into documents, patches, fetches. */
#include "kpid/ingest/doc_write.h"

#include "kpid/json/errors.h"

#include <stdio.h>
#include <stdlib.h>

size_t kpid_doc_validate(const struct kpid_doc_kind *kind, const json_t *obj, const char *prefix,
                         json_t *errors)
{
    if (!json_is_object(obj)) {
        kpid_json_error_add(errors, prefix, "must be a %s object", kind->noun);
        return 1;
    }
    return kind->decode(obj, prefix, false, NULL, errors);
}

enum kpid_db_status kpid_docs_write(const struct kpid_doc_kind *kind, struct kpid_db *db,
                                    const char *workspace_id, struct kpid_ingest_item *items,
                                    size_t n)
{
    json_t **docs = calloc(n ? n : 1, sizeof *docs);
    if (docs == NULL)
        return KPID_DB_ERROR;
    for (size_t i = 0; i < n; i++) {
        items[i].outcome = KPID_INGEST_INVALID;
        items[i].id[0] = '\0';
        if (!json_is_object(items[i].input))
            kpid_json_error_add(items[i].errors, items[i].prefix, "must be a %s object",
                                kind->noun);
        else
            kind->decode(items[i].input, items[i].prefix, false, &docs[i], items[i].errors);
    }
    enum kpid_db_status st = kind->write(db, workspace_id, docs, items, n);
    for (size_t i = 0; i < n; i++)
        json_decref(docs[i]);
    free(docs);
    return st;
}

enum kpid_db_status kpid_doc_patch(const struct kpid_doc_kind *kind, struct kpid_db *db,
                                   const char *workspace_id, const char *id,
                                   struct kpid_ingest_item *item)
{
    json_t *doc = NULL;
    item->outcome = KPID_INGEST_INVALID;
    item->id[0] = '\0';
    if (kind->decode(item->input, item->prefix, true, &doc, item->errors) > 0)
        return KPID_DB_OK;
    json_object_set_new(doc, "id", json_string(id));
    enum kpid_db_status st = kind->write(db, workspace_id, &doc, item, 1);
    json_decref(doc);
    return st;
}

enum kpid_db_status kpid_doc_fetch(const struct kpid_doc_kind *kind, struct kpid_db *db,
                                   const char *workspace_id, const char *id, json_t **out)
{
    const char *params[] = {workspace_id, id};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, kind->fetch, 2, params, &st);
    if (res == NULL)
        return st;
    *out = PQntuples(res) == 1 ? kind->json(res, 0) : NULL;
    PQclear(res);
    return KPID_DB_OK;
}

void kpid_doc_check_keys(const char *noun, const struct kpid_field *spec,
                         const struct kpid_fields *f, const int *keys, size_t n_keys,
                         const char *prefix, bool patch, json_t *errors)
{
    for (size_t i = 0; i < n_keys; i++) {
        int k = keys[i];
        bool key_changed = patch && k <= 1 && f->present[k];
        if (!key_changed && (f->text[k] == NULL || f->text[k][0] != '\0'))
            continue;
        char pointer[160];
        snprintf(pointer, sizeof pointer, "%s/%s", prefix, spec[k].path);
        if (key_changed)
            kpid_json_error_add(errors, pointer,
                                "is part of the %s's natural key and cannot be changed; POST the"
                                " %s instead",
                                noun, noun);
        else
            kpid_json_error_add(errors, pointer, "must not be empty");
    }
}
