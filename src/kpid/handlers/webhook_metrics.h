/* The webhook inbox's gauges for GET /metrics, read from the sources' kept counts. */
#ifndef KPID_HANDLERS_WEBHOOK_METRICS_H
#define KPID_HANDLERS_WEBHOOK_METRICS_H

#include "kpid/store/db.h"

#include <stddef.h>

/*
 * Appends kpid_webhook_events{workspace,source,status} for every source to text (len bytes,
 * malloc'd; taken over): the new text, or NULL (text freed) when memory ran out. On a
 * database failure the text comes back as it was.
 */
char *kpid_webhook_metrics_append(struct kpid_db *db, char *text, size_t *len);

#endif
