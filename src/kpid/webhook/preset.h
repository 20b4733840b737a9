/* Webhook source presets: what kpid knows of each CRM's deliveries - how they authenticate,
 * their payload kind, the body fields the inbox must not keep, test pings, a default field
 * map and what a fetch-back would have to fetch. Pure data and pure functions. */
#ifndef KPID_WEBHOOK_PRESET_H
#define KPID_WEBHOOK_PRESET_H

#include "kpid/webhook/map.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The ways a delivery may prove who sent it; a preset accepts a set of them. */
enum kpid_preset_auth {
    KPID_AUTH_SIGNATURE = 1u, /* kpid's X-Signature, HMAC with the source's secret */
    KPID_AUTH_URL_TOKEN = 2u, /* ?token=<the source's token> */
    KPID_AUTH_HUBSPOT_V3 =
        4u, /* X-HubSpot-Signature-v3 with the secret (HubSpot's client secret) */
    KPID_AUTH_FORM_TOKEN = 8u,    /* the token in the form field token_field */
    KPID_AUTH_HEADER_TOKEN = 16u, /* the token in the header token_header */
    KPID_AUTH_BASIC = 32u,        /* HTTP Basic with the source's basic_auth */
};

/*
 * The fetch hook: deliveries of id-only senders carry the record's id, not the record. The
 * fetch worker (src/kpid/workers/fetch_worker.c) takes the id each mapped item holds in
 * external_id and GETs <the source's fetch URL>/<path>, "{id}" in path replaced by the id;
 * with contact_path it also GETs the contact whose id is at contact_id_at in that reply. The
 * fetched map (a JSON field map) maps {"record": <reply>, "contact": <contact reply>}, and
 * what it yields is set over the item mapped from the delivery.
 */
struct kpid_preset_fetch {
    const char *lead_path; /* NULL: lead deliveries carry the record themselves */
    const char *deal_path;
    const char *lead_map, *deal_map; /* the fetched maps */
    const char *contact_path;        /* NULL: the record has the contact's data */
    const char *contact_id_at;       /* JSON pointer in the record */
    bool needs_token;                /* the fetch URL alone does not authenticate */
};

struct kpid_preset {
    const char *name;
    enum kpid_payload_kind payload; /* the payload kind a source of this preset gets by default */
    unsigned auth;                  /* the kpid_preset_auth ways accepted */
    const char *token_field;        /* form key of the token (KPID_AUTH_FORM_TOKEN) */
    const char *token_header;       /* header of the token (KPID_AUTH_HEADER_TOKEN) */
    const char *private_field;      /* form fields of this name ("auth", "auth[...]") are
                                       credentials: the inbox does not keep them */
    /* Whether a body is the sender's test ping (answered 200, nothing stored); NULL: none. */
    bool (*test_ping)(const char *body, size_t len);
    const char *lead_map; /* default field maps, JSON text; NULL: the source must give one */
    const char *deal_map;
    struct kpid_preset_fetch fetch;
};

/* The preset called name (one of kpid_source_presets), or NULL. */
const struct kpid_preset *kpid_preset_find(const char *name);

/*
 * The field map a source saves: the preset's default map for target with each member of
 * overrides set over it (a member whose value is null drops the default's entry). Returns a
 * new object; with no default map, a copy of overrides (NULL when overrides is NULL).
 */
json_t *kpid_preset_field_map(const struct kpid_preset *preset, enum kpid_target_kind target,
                              const json_t *overrides);

/* Whether deliveries of the preset's target kind are completed by a fetch. */
bool kpid_preset_fetches(const struct kpid_preset *preset, enum kpid_target_kind target);

#endif
