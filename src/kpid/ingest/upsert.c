/* Runs the insert and update statements of a batch in as few rounds as its repeated natural
 * keys need (usually one), with the documents in natural-key order so that concurrent
 * batches lock rows in the same order. */
#include "kpid/ingest/upsert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct keyed {
    size_t index;
    const char *source; /* NULL: no natural key */
    const char *external_id;
    unsigned round;
};

static int by_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if ((x->external_id == NULL) != (y->external_id == NULL))
        return x->external_id == NULL ? -1 : 1;
    if (x->external_id == NULL)
        return (x->index > y->index) - (x->index < y->index);
    int c = strcmp(x->source, y->source);
    if (c == 0)
        c = strcmp(x->external_id, y->external_id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* What every round of one kpid_upsert call shares. */
struct upsert {
    struct kpid_db *db;
    const char *workspace_id;
    const struct kpid_upsert_sql *sql;
    const char *const *extra;
    json_t *const *docs;
    struct kpid_ingest_item *items;
    size_t n;
    bool *written;
    bool *flagged;
};

enum { MAX_PARAMS = 8 };

/* Runs one statement over the documents and records (ord, id[, flag]) rows as `outcome`. */
static enum kpid_db_status run(const struct upsert *u, struct kpid_db_stmt *stmt, int n_extra,
                               json_t *batch, enum kpid_ingest_outcome outcome)
{
    if (json_array_size(batch) == 0)
        return KPID_DB_OK;
    char *text = json_dumps(batch, JSON_COMPACT);
    if (text == NULL)
        return KPID_DB_ERROR;
    const char *params[MAX_PARAMS] = {u->workspace_id, text};
    for (int k = 0; k < n_extra && k + 2 < MAX_PARAMS; k++)
        params[k + 2] = u->extra[k];
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(u->db, stmt, 2 + n_extra, params, &st);
    free(text);
    if (res == NULL)
        return st;
    bool has_flag = PQnfields(res) > 2;
    for (int r = 0; r < PQntuples(res); r++) {
        size_t i = strtoul(PQgetvalue(res, r, 0), NULL, 10);
        if (i < u->n) {
            u->items[i].outcome = outcome;
            snprintf(u->items[i].id, sizeof u->items[i].id, "%s", PQgetvalue(res, r, 1));
            u->written[i] = true;
            if (has_flag && u->flagged != NULL)
                u->flagged[i] = PQgetvalue(res, r, 2)[0] == 't';
        }
    }
    PQclear(res);
    return KPID_DB_OK;
}

/* One round: inserts the new documents, then updates the rest. */
static enum kpid_db_status run_round(const struct upsert *u, const struct keyed *order,
                                     size_t count, unsigned round)
{
    json_t *inserts = json_array(), *updates = json_array();
    for (size_t k = 0; k < count; k++)
        if (order[k].round == round && json_object_get(u->docs[order[k].index], "id") == NULL)
            json_array_append(inserts, u->docs[order[k].index]);
    enum kpid_db_status st = run(u, u->sql->insert, u->sql->n_extra, inserts, KPID_INGEST_CREATED);
    for (size_t k = 0; k < count && st == KPID_DB_OK; k++) {
        size_t i = order[k].index;
        bool keyed = order[k].external_id != NULL || json_object_get(u->docs[i], "id") != NULL;
        if (order[k].round == round && keyed && !u->written[i])
            json_array_append(updates, u->docs[i]);
    }
    if (st == KPID_DB_OK)
        st = run(u, u->sql->update, 0, updates, KPID_INGEST_UPDATED);
    json_decref(inserts);
    json_decref(updates);
    return st;
}

enum kpid_db_status kpid_upsert(struct kpid_db *db, const char *workspace_id,
                                const struct kpid_upsert_sql *sql, const char *const *extra,
                                json_t *const *docs, struct kpid_ingest_item *items, size_t n,
                                bool *flagged)
{
    struct keyed *order = calloc(n ? n : 1, sizeof *order);
    bool *written = calloc(n ? n : 1, sizeof *written);
    if (order == NULL || written == NULL || sql->n_extra + 2 > MAX_PARAMS) {
        free(order);
        free(written);
        return KPID_DB_ERROR;
    }
    struct upsert u = {db, workspace_id, sql, extra, docs, items, n, written, flagged};
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (flagged != NULL)
            flagged[i] = false;
        if (docs[i] == NULL)
            continue;
        json_object_set_new(docs[i], "ord", json_integer((json_int_t)i));
        items[i].id[0] = '\0';
        const char *source = json_string_value(json_object_get(docs[i], "source"));
        order[count++] = (struct keyed){
            .index = i,
            .source = source ? source : "api",
            .external_id = json_string_value(json_object_get(docs[i], "external_id")),
        };
    }
    qsort(order, count, sizeof *order, by_key);
    unsigned rounds = count ? 1 : 0;
    for (size_t k = 1; k < count; k++) {
        const struct keyed *prev = &order[k - 1], *cur = &order[k];
        if (cur->external_id != NULL && prev->external_id != NULL &&
            strcmp(cur->source, prev->source) == 0 &&
            strcmp(cur->external_id, prev->external_id) == 0) {
            order[k].round = prev->round + 1;
            if (order[k].round + 1 > rounds)
                rounds = order[k].round + 1;
        }
    }
    enum kpid_db_status st = KPID_DB_OK;
    for (unsigned r = 0; r < rounds && st == KPID_DB_OK; r++)
        st = run_round(&u, order, count, r);
    free(order);
    free(written);
    return st;
}
