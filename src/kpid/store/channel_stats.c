/* Daily channel records: the statements of src/kpid/store/sql/channel_stats_*.sql with named
 * parameters. */
#include "kpid/store/channel_stats.h"

KPID_DB_STMT(channel_stats_upsert, "channel_stats_upsert");
KPID_DB_STMT(channel_stats_list, "channel_stats_list");

const char *const kpid_channel_counters[KPID_CHANNEL_COUNTERS] = {
    "impressions",  "clicks",       "sessions",    "bounces",          "reach",
    "engagements",  "followers",    "emails_sent", "emails_delivered", "emails_opened",
    "email_clicks", "unsubscribes", "conversions",
};

kpid_result *kpid_store_channel_stats_upsert(struct kpid_db *db, const char *workspace_id,
                                             const struct kpid_channel_stats_entry *entry,
                                             enum kpid_db_status *status)
{
    enum { FIXED = 5, N = FIXED + KPID_CHANNEL_COUNTERS + 2 };
    const char *params[N] = {workspace_id, entry->channel, entry->date, entry->campaign,
                             entry->spend};
    for (int i = 0; i < KPID_CHANNEL_COUNTERS; i++)
        params[FIXED + i] = entry->counts[i];
    params[N - 2] = entry->counters;
    params[N - 1] = entry->note;
    return kpid_db_exec(db, &channel_stats_upsert, N, params, status);
}

kpid_result *kpid_store_channel_stats_list(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_page *page, const void *filter,
                                           enum kpid_db_status *status)
{
    const struct kpid_channel_stats_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit,
                            f->from,      f->to,           f->channel,     f->campaign};
    return kpid_db_exec(db, &channel_stats_list, 8, params, status);
}
