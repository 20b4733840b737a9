/* Group commit of single writes (see shared_write.h): a queue per (resource, workspace) with
 * at most one writer at a time before its COMMIT, the writer taken from the waiting requests
 * themselves. */
#include "kpid/ingest/shared_write.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* One request waiting in a queue; lives on that request's stack. */
struct waiter {
    struct kpid_ingest_item *item;
    pthread_cond_t wake;
    bool done; /* a writer wrote the item (or failed): status and alone are final */
    bool alone;
    enum kpid_db_status status;
    struct waiter *next;
};

/* The queue of one resource in one workspace; exists while someone writes or waits. */
struct queue {
    const struct kpid_ingest_resource *r;
    char workspace_id[37];
    bool writing; /* one of its requests is writing and has not reached its COMMIT. One at a
                     time: with two or three writers the groups were smaller and the rate 5-25 %
                     lower (more transactions); see KPID_SHARED_WRITE_OVERLAP_MAX */
    unsigned writers; /* its requests writing, at their COMMIT or before */
    struct waiter *head, **tail;
    struct queue *next;
};

/* Largest group whose writer lets the next one start at its COMMIT, so that one transaction's
 * statements overlap the commit of the one before (row locks order them where their contacts
 * meet). Small groups mean the database waits on round trips: 8 connections posting single
 * leads, about 4 per group, posted 13 % more with the overlap (14 alternating rounds). Large
 * groups mean it is busy: at 32 connections an overlap after every group made the groups
 * smaller and cost 20-30 % more CPU per post and 6-11 % of the rate. */
#define KPID_SHARED_WRITE_OVERLAP_MAX 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_ullong transactions_run, posts_carried;
static struct queue *queues; /* under lock; few: one per workspace being written right now */

static struct queue *queue_of(const struct kpid_ingest_resource *r, const char *workspace_id)
{
    for (struct queue *q = queues; q != NULL; q = q->next)
        if (q->r == r && strcmp(q->workspace_id, workspace_id) == 0)
            return q;
    struct queue *q = calloc(1, sizeof *q);
    if (q == NULL)
        return NULL;
    q->r = r;
    strncpy(q->workspace_id, workspace_id, sizeof q->workspace_id - 1);
    q->tail = &q->head;
    q->next = queues;
    queues = q;
    return q;
}

static void queue_drop(struct queue *q)
{
    struct queue **p = &queues;
    while (*p != q)
        p = &(*p)->next;
    *p = q->next;
    free(q);
}

/* Takes `self` and up to KPID_SHARED_WRITE_MAX - 1 others off the queue, in arrival order. */
static size_t take(struct queue *q, struct waiter *self, struct waiter **taken)
{
    size_t n = 0;
    taken[n++] = self;
    struct waiter **p = &q->head;
    while (*p != NULL) {
        struct waiter *w = *p;
        if (w == self || n < KPID_SHARED_WRITE_MAX) {
            if (w != self)
                taken[n++] = w;
            *p = w->next;
        } else {
            p = &w->next;
        }
    }
    q->tail = p;
    return n;
}

/* --- the shared transaction ---------------------------------------------------------------- */

struct shared_tx {
    struct queue *q;
    struct kpid_ingest_item *items;
    size_t n;
    bool handed_on; /* the queue's next writer may start: this one is at its COMMIT */
};

/* Lets the queue's next writer start (under lock). */
static void hand_on(struct queue *q)
{
    q->writing = false;
    if (q->head != NULL)
        pthread_cond_signal(&q->head->wake);
}

/* Writes the items as one batch (each gets its row: keep_row). May run again after a
 * serialization failure. */
static enum kpid_db_status write_items(struct kpid_db *db, void *ctx)
{
    struct shared_tx *tx = ctx;
    for (size_t i = 0; i < tx->n; i++) {
        json_array_clear(tx->items[i].errors);
        json_decref(tx->items[i].row);
        tx->items[i].row = NULL;
    }
    enum kpid_db_status st = kpid_ingest_write(tx->q->r, db, tx->q->workspace_id, tx->items,
                                               tx->n);
    if (st == KPID_DB_OK && !tx->handed_on && tx->n <= KPID_SHARED_WRITE_OVERLAP_MAX) {
        /* COMMIT is next: its round trip and WAL flush need not hold the queue */
        pthread_mutex_lock(&lock);
        hand_on(tx->q);
        tx->handed_on = true;
        pthread_mutex_unlock(&lock);
    }
    return st;
}

/* Whether a shared transaction's failure may come from one of its items rather than from the
 * database as a whole: then each item is written again by itself. */
static bool item_may_have_failed(enum kpid_db_status st)
{
    return st != KPID_DB_OK && st != KPID_DB_RETRY && st != KPID_DB_UNAVAILABLE &&
           st != KPID_DB_CONTENDED;
}

/* Writes the taken waiters' items in one transaction on `db` (NULL: none could be had, and
 * `st` says why) and fills in what each gets. Returns whether the queue was handed on. */
static bool write_taken(struct queue *q, struct kpid_db *db, enum kpid_db_status st,
                        struct waiter **taken, size_t n)
{
    struct shared_tx tx = {q, NULL, n, false};
    struct kpid_ingest_item *items = db ? calloc(n, sizeof *items) : NULL;
    if (db != NULL && items == NULL)
        st = KPID_DB_ERROR;
    if (items != NULL) {
        for (size_t i = 0; i < n; i++)
            items[i] = *taken[i]->item;
        tx.items = items;
        st = kpid_db_transaction(db, write_items, &tx);
        atomic_fetch_add_explicit(&transactions_run, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&posts_carried, n, memory_order_relaxed);
    }
    bool alone = n > 1 && item_may_have_failed(st);
    for (size_t i = 0; i < n; i++) {
        struct kpid_ingest_item *it = taken[i]->item;
        if (items != NULL) {
            it->outcome = items[i].outcome;
            memcpy(it->id, items[i].id, sizeof it->id);
            /* a row read in a transaction that did not commit is nobody's */
            it->row = st == KPID_DB_OK ? items[i].row : NULL;
            if (st != KPID_DB_OK)
                json_decref(items[i].row);
        }
        taken[i]->status = st;
        taken[i]->alone = alone;
    }
    free(items);
    return tx.handed_on;
}

enum kpid_db_status kpid_ingest_write_shared(const struct kpid_ingest_resource *r,
                                             kpid_db_source_fn connect, void *connect_ctx,
                                             const char *workspace_id,
                                             struct kpid_ingest_item *item, bool *alone)
{
    struct waiter self = {.item = item};
    pthread_cond_init(&self.wake, NULL);
    pthread_mutex_lock(&lock);
    struct queue *q = queue_of(r, workspace_id);
    if (q == NULL) {
        pthread_mutex_unlock(&lock);
        pthread_cond_destroy(&self.wake);
        *alone = true;
        return KPID_DB_ERROR;
    }
    *q->tail = &self;
    q->tail = &self.next;
    while (!self.done && q->writing)
        pthread_cond_wait(&self.wake, &lock);
    if (!self.done) {
        /* nobody is writing: this request writes what is queued, its own item first */
        struct waiter *taken[KPID_SHARED_WRITE_MAX];
        size_t n = take(q, &self, taken);
        q->writing = true;
        q->writers++;
        pthread_mutex_unlock(&lock);
        enum kpid_db_status st;
        struct kpid_db *db = connect(connect_ctx, &st);
        bool handed_on = write_taken(q, db, st, taken, n);
        pthread_mutex_lock(&lock);
        for (size_t i = 1; i < n; i++) {
            taken[i]->done = true;
            pthread_cond_signal(&taken[i]->wake);
        }
        if (!handed_on)
            hand_on(q);
        if (--q->writers == 0 && q->head == NULL)
            queue_drop(q);
    }
    pthread_mutex_unlock(&lock);
    pthread_cond_destroy(&self.wake);
    *alone = self.alone;
    return self.status;
}

void kpid_ingest_shared_write_counts(unsigned long long *transactions, unsigned long long *posts)
{
    *transactions = atomic_load_explicit(&transactions_run, memory_order_relaxed);
    *posts = atomic_load_explicit(&posts_carried, memory_order_relaxed);
}
