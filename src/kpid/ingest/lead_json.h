/* The Lead representation: the columns to select and the JSON built from them. */
#ifndef KPID_INGEST_LEAD_JSON_H
#define KPID_INGEST_LEAD_JSON_H

#include <jansson.h>
#include <libpq-fe.h>

/* Select list of leads (alias l) in the order kpid_lead_json reads it. */
#define KPID_LEAD_COLUMNS                                                                          \
    "l.id, l.source, l.external_id, l.channel, l.campaign, l.utm_source, l.utm_medium,"            \
    " l.created_at, l.contact_name, l.contact_phone, l.contact_email, l.region, l.is_valid,"       \
    " l.invalid_reason, l.is_sql, l.is_brand, l.first_contact_at, l.meeting_at, l.proposal_at,"    \
    " l.lost_at, l.lost_reason, l.attributes, l.valid, l.duplicate_of, l.stage,"                   \
    " l.reaction_minutes, l.erased_at, l.ingested_at, l.updated_at"

/* One row of a KPID_LEAD_COLUMNS result as a Lead object (new reference). */
json_t *kpid_lead_json(const PGresult *res, int row);

#endif
