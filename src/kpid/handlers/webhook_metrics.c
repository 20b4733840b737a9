/* Renders the webhook inbox's per-source counts as Prometheus gauges: one row per source
 * (the counts live on webhook_sources), so a scrape never counts the inbox. */
#include "kpid/handlers/webhook_metrics.h"

#include "kpid/store/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The status labels and the columns that count them. */
static const char *const statuses[][2] = {
    {"mapped", "mapped_events"},
    {"failed", "failed_events"},
    {"pending_fetch", "pending_fetch_events"},
};

/* Workspace and source names are [A-Za-z0-9_.-] (their CHECK and kpid_source_name_valid):
 * nothing in them needs escaping in a label value. */
static void write_rows(FILE *out, const kpid_result *res)
{
    fputs("# HELP kpid_webhook_events Webhook inbox events by source and status.\n"
          "# TYPE kpid_webhook_events gauge\n",
          out);
    for (int i = 0; i < kpid_result_rows(res); i++)
        for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++)
            fprintf(out, "kpid_webhook_events{workspace=\"%s\",source=\"%s\",status=\"%s\"} %s\n",
                    kpid_result_text(res, i, "workspace"), kpid_result_text(res, i, "name"),
                    statuses[s][0], kpid_result_text(res, i, statuses[s][1]));
}

char *kpid_webhook_metrics_append(struct kpid_db *db, char *text, size_t *len)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_source_list_counts(db, &st);
    if (res == NULL)
        return text;
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    if (out != NULL) {
        fwrite(text, 1, *len, out);
        write_rows(out, res);
        if (fclose(out) != 0) {
            free(buf);
            buf = NULL;
        }
    }
    kpid_result_free(res);
    free(text);
    *len = size;
    return buf;
}
