/* POST /v1/channel-stats (a JSON record or a CSV export) and POST /v1/channel-stats/batch:
 * daily channel records, created or merged on their natural key (channel, date, campaign). */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/channel_stats_csv.h"
#include "kpid/handlers/channel_stats_write.h"
#include "kpid/http/body_decode.h"
#include "kpid/http/write.h"

static enum kpid_db_status write_one(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                     struct kpid_write_result *out)
{
    bool created;
    enum kpid_db_status st =
        kpid_channel_stats_upsert(db, req->auth.workspace_id, ctx, &out->body, &created);
    out->status = created ? 201 : 200;
    return st;
}

static enum kpid_outcome json_post(struct kpid_request *req)
{
    struct kpid_fields f;
    enum kpid_outcome rc =
        kpid_http_fields_body(req, kpid_channel_stats_spec, kpid_channel_stats_spec_n,
                              "the channel record is not valid", &f);
    if (rc == KPID_OK) {
        json_t *errors = json_array();
        if (kpid_channel_stats_check(&f, "", errors) > 0) {
            rc = kpid_http_problem(req, 422, "validation", errors,
                                   "the channel record is not valid");
        } else {
            json_decref(errors);
            rc = kpid_http_write(req, write_one, &f);
        }
    }
    kpid_fields_clear(&f);
    return rc;
}

enum kpid_outcome kpid_h_channel_stats_post(struct kpid_request *req)
{
    if (kpid_http_media_type_is(kpid_http_header(req, "Content-Type"), "text/csv"))
        return kpid_channel_stats_csv_post(req);
    return json_post(req);
}

enum kpid_outcome kpid_h_channel_stats_batch_post(struct kpid_request *req)
{
    return kpid_fields_batch_post(req, &kpid_channel_stats_batch);
}
