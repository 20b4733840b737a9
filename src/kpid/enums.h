/* The enumerations kpid checks its input against, each defined once (NULL-terminated lists). */
#ifndef KPID_ENUMS_H
#define KPID_ENUMS_H

extern const char *const kpid_lead_stages[];       /* leads.stage */
extern const char *const kpid_deal_statuses[];     /* deals.status */
extern const char *const kpid_scopes[];            /* api_keys.scopes, in KPID_SCOPE_* bit order */
extern const char *const kpid_kpi_owners[];        /* kpis.owner, scorecards.owner */
extern const char *const kpid_kpi_levels[];        /* kpis.level */
extern const char *const kpid_kpi_directions[];    /* kpis.direction */
extern const char *const kpid_attributions[];      /* kpis.attribution, ?attribution= */
extern const char *const kpid_granularities[];     /* kpis/scorecards.granularity, periods.kind */
extern const char *const kpid_source_payloads[];   /* sources.payload */
extern const char *const kpid_source_targets[];    /* sources.target */
extern const char *const kpid_source_presets[];    /* sources.preset */
extern const char *const kpid_field_conversions[]; /* a source field map's `convert` */
extern const char *const kpid_webhook_event_statuses[]; /* webhook_events.status */
/* the statuses a source's bulk replay takes (pending_fetch events wait for a fetch) */
extern const char *const kpid_webhook_replay_statuses[];
/* ?dialect= of a CSV answer, in enum kpid_reply_format order (http/csv.h) */
extern const char *const kpid_csv_dialects[];
/* ?by= of the channels view, in enum kpid_measure_by order from KPID_BY_CHANNEL */
extern const char *const kpid_channel_groupings[];
extern const char *const kpid_audit_entities[]; /* audit_log.entity */
extern const char *const kpid_read_consistencies[]; /* ?consistency= (read replicas) */

/* One named list, for `kpid enums`. */
struct kpid_enum {
    const char *name;
    const char *const *values;
};

/* The lists above by name; ends with {NULL, NULL}. */
extern const struct kpid_enum kpid_enums[];

#endif
