/* The Deal representation: the columns to select and the JSON built from them. */
#ifndef KPID_INGEST_DEAL_JSON_H
#define KPID_INGEST_DEAL_JSON_H

#include <jansson.h>
#include <libpq-fe.h>

/* Select list of deals (alias d) in the order kpid_deal_json reads it. */
#define KPID_DEAL_COLUMNS                                                                          \
    "d.id, d.source, d.external_id, d.lead_id, d.client_ref, d.is_new_client, d.channel,"          \
    " d.amount, d.gross_margin, d.status, d.created_at, d.closed_at, d.ingested_at, d.updated_at"

/* One row of a KPID_DEAL_COLUMNS result as a Deal object (new reference). */
json_t *kpid_deal_json(const PGresult *res, int row);

#endif
