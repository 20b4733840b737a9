/* Writes through one transaction with Idempotency-Key handling: the response is stored in
 * the same transaction as the data, and a retry gets the stored response back. */
#ifndef KPID_HTTP_WRITE_H
#define KPID_HTTP_WRITE_H

#include "kpid/store/db.h"
#include "kpid/http/request.h"

/* How long a stored response is replayed; published in the API description. */
#define KPID_IDEMPOTENCY_HOURS 24

/*
 * What a write produced: a status and a JSON body (owned). fn may also reject the request
 * after reading the database (e.g. a deal naming an unknown lead): set `problem` to a
 * problem+json body and `status` to its 4xx; the transaction is then rolled back and
 * nothing is stored.
 */
struct kpid_write_result {
    unsigned status;
    json_t *body;
    bool problem;
    const char *location; /* optional Location header value (borrowed) */
    /* a member of body shown only in this reply and never stored for replays, such as a
     * new API key's secret (borrowed name) */
    const char *secret_member;
};

/* Runs inside the transaction; returns KPID_DB_OK to commit (fill *out first). It may be
 * called again after a serialization failure: reset *out's body each time. */
typedef enum kpid_db_status (*kpid_write_fn)(struct kpid_db *db, struct kpid_request *req,
                                             void *ctx, struct kpid_write_result *out);

/*
 * Takes a database connection, runs fn in one transaction, and replies with what it
 * produced only after COMMIT returned. With an Idempotency-Key header: the first request
 * stores its response atomically with its write; a repeat with the same method, path and
 * body gets the stored response (header Idempotency-Replayed: true); a repeat with another
 * request gets 422; a repeat arriving while the first is in flight waits for it.
 */
enum kpid_outcome kpid_http_write(struct kpid_request *req, kpid_write_fn fn, void *ctx);

/* Sets a write result to a problem reply (status, slug, formatted detail; no field errors):
 * the transaction is rolled back and the problem sent. */
void kpid_write_problem(struct kpid_write_result *out, unsigned status, const char *slug,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * A write on .../{key} (path parameter 0): 404 "no <noun> <key>" when `valid` rejects the key,
 * else kpid_http_write with the key (a const char *) as fn's ctx.
 */
enum kpid_outcome kpid_http_write_one(struct kpid_request *req, const char *noun,
                                      bool (*valid)(const char *key), kpid_write_fn fn);

/*
 * Shapes a success body (status < 300) for the caller just before it is sent, whether fresh
 * or replayed: the stored response stays whole, what a key may see depends on that key.
 * Returns the body to send (may be body itself, modified); takes ownership of body.
 */
typedef json_t *(*kpid_write_shown_fn)(struct kpid_request *req, void *ctx, json_t *body);

/* kpid_http_write, with each success body passed through shown() before it is sent. */
enum kpid_outcome kpid_http_write_shown(struct kpid_request *req, kpid_write_fn fn, void *ctx,
                                        kpid_write_shown_fn shown);

/* Replies with what a write transaction ended in (status st): its result, shaped by `shown`
 * (may be NULL) for a success, or the problem for a failed transaction. Takes result->body. */
enum kpid_outcome kpid_http_write_reply(struct kpid_request *req, enum kpid_db_status st,
                                        struct kpid_write_result *result,
                                        kpid_write_shown_fn shown, void *ctx);

#endif
