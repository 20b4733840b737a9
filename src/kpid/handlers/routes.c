/* The route table: every path kpid answers, its method, handler and required scope. */
#include "kpid/handlers/handlers.h"
#include "kpid/http/router.h"

#include <stddef.h>

/* Each row ends with where its reads go: KPID_READS_PRIMARY (writes, and reads that must see
 * the caller's own writes) or KPID_READS_REPLICA (analytical reads). */

const struct kpid_route kpid_routes[] = {
    /* service */
    {"GET", "/healthz", kpid_h_healthz_get, KPID_SCOPE_NONE, KPID_READS_PRIMARY},
    {"GET", "/readyz", kpid_h_readyz_get, KPID_SCOPE_NONE, KPID_READS_PRIMARY},
    {"GET", "/metrics", kpid_h_metrics_get, KPID_SCOPE_NONE, KPID_READS_PRIMARY},
    {"GET", "/openapi.yaml", kpid_h_openapi_get, KPID_SCOPE_NONE, KPID_READS_PRIMARY},

    /* the dashboard: static files; the page signs in with a read key on its own requests */
    {"GET", "/", kpid_h_dashboard_get, KPID_SCOPE_NONE, KPID_READS_PRIMARY},
    {"GET", "/ui/{file}", kpid_h_dashboard_file_get, KPID_SCOPE_NONE, KPID_READS_PRIMARY},

    /* api keys */
    {"POST", "/v1/api-keys", kpid_h_api_keys_post, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"GET", "/v1/api-keys", kpid_h_api_keys_get, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"DELETE", "/v1/api-keys/{id}", kpid_h_api_keys_delete_id, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},

    /* KPI definitions: catalogue, KPIs, periods, targets, manual facts, scorecards */
    {"GET", "/v1/metrics", kpid_h_catalogue_metrics_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"GET", "/v1/measures", kpid_h_measures_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"POST", "/v1/kpis", kpid_h_kpis_post, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"GET", "/v1/kpis", kpid_h_kpis_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"GET", "/v1/kpis/{code}", kpid_h_kpis_get_code, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PUT", "/v1/kpis/{code}", kpid_h_kpis_put_code, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"DELETE", "/v1/kpis/{code}", kpid_h_kpis_delete_code, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"GET", "/v1/periods", kpid_h_periods_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"GET", "/v1/periods/{id}", kpid_h_periods_get_id, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PUT", "/v1/periods/{id}", kpid_h_periods_put_id, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"GET", "/v1/periods/{id}/targets", kpid_h_targets_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PUT", "/v1/periods/{id}/targets/{kpi}", kpid_h_targets_put, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},
    {"GET", "/v1/periods/{id}/facts", kpid_h_facts_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PUT", "/v1/periods/{id}/facts/{kpi}", kpid_h_facts_put, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"POST", "/v1/scorecards", kpid_h_scorecards_post, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"GET", "/v1/scorecards", kpid_h_scorecards_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"GET", "/v1/scorecards/{code}", kpid_h_scorecards_get_code, KPID_SCOPE_READ,
     KPID_READS_PRIMARY},
    {"PUT", "/v1/scorecards/{code}", kpid_h_scorecards_put_code, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},
    {"DELETE", "/v1/scorecards/{code}", kpid_h_scorecards_delete_code, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},

    /* spend and NPS */
    {"POST", "/v1/spend", kpid_h_spend_post, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"POST", "/v1/spend/batch", kpid_h_spend_batch_post, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"GET", "/v1/spend", kpid_h_spend_get, KPID_SCOPE_READ, KPID_READS_REPLICA},
    {"POST", "/v1/nps-responses", kpid_h_nps_post, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"GET", "/v1/nps-responses", kpid_h_nps_get, KPID_SCOPE_READ, KPID_READS_REPLICA},

    /* leads, deals, settings */
    {"POST", "/v1/leads", kpid_h_leads_post, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"POST", "/v1/leads/batch", kpid_h_leads_batch_post, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"GET", "/v1/leads", kpid_h_leads_get, KPID_SCOPE_READ, KPID_READS_REPLICA},
    {"GET", "/v1/leads/{id}", kpid_h_leads_get_id, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PATCH", "/v1/leads/{id}", kpid_h_leads_patch_id, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"DELETE", "/v1/leads/{id}", kpid_h_leads_delete_id, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"POST", "/v1/deals", kpid_h_deals_post, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"POST", "/v1/deals/batch", kpid_h_deals_batch_post, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"GET", "/v1/deals", kpid_h_deals_get, KPID_SCOPE_READ, KPID_READS_REPLICA},
    {"GET", "/v1/deals/{id}", kpid_h_deals_get_id, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PATCH", "/v1/deals/{id}", kpid_h_deals_patch_id, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"GET", "/v1/settings", kpid_h_settings_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PUT", "/v1/settings", kpid_h_settings_put, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},

    /* webhook sources, deliveries and the inbox; a delivery authenticates itself */
    {"POST", "/v1/sources", kpid_h_sources_post, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"GET", "/v1/sources", kpid_h_sources_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"GET", "/v1/sources/{name}", kpid_h_sources_get_name, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PUT", "/v1/sources/{name}", kpid_h_sources_put_name, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"POST", "/v1/sources/{name}/replay", kpid_h_sources_replay_post, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},
    {"POST", "/v1/webhooks/{source_id}", kpid_h_webhooks_post, KPID_SCOPE_NONE, KPID_READS_PRIMARY},
    {"GET", "/v1/webhook-events", kpid_h_webhook_events_get, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"POST", "/v1/webhook-events/{id}/replay", kpid_h_webhook_events_replay_post, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},

    /* results, scorecards, funnel, channels, rejections, series; closing periods */
    {"GET", "/v1/periods/{id}/results", kpid_h_period_results_get, KPID_SCOPE_READ,
     KPID_READS_REPLICA},
    {"GET", "/v1/periods/{id}/scorecards", kpid_h_period_scorecards_get, KPID_SCOPE_READ,
     KPID_READS_REPLICA},
    {"GET", "/v1/periods/{id}/funnel", kpid_h_period_funnel_get, KPID_SCOPE_READ,
     KPID_READS_REPLICA},
    {"GET", "/v1/periods/{id}/channels", kpid_h_period_channels_get, KPID_SCOPE_READ,
     KPID_READS_REPLICA},
    {"GET", "/v1/periods/{id}/rejections", kpid_h_period_rejections_get, KPID_SCOPE_READ,
     KPID_READS_REPLICA},
    {"GET", "/v1/kpis/{code}/series", kpid_h_kpi_series_get, KPID_SCOPE_READ, KPID_READS_REPLICA},
    {"POST", "/v1/periods/{id}/close", kpid_h_period_close_post, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},
    {"POST", "/v1/periods/{id}/reopen", kpid_h_period_reopen_post, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},

    /* daily channel records (spend and platform counters) */
    {"POST", "/v1/channel-stats", kpid_h_channel_stats_post, KPID_SCOPE_INGEST, KPID_READS_PRIMARY},
    {"POST", "/v1/channel-stats/batch", kpid_h_channel_stats_batch_post, KPID_SCOPE_INGEST,
     KPID_READS_PRIMARY},
    {"GET", "/v1/channel-stats", kpid_h_channel_stats_get, KPID_SCOPE_READ, KPID_READS_REPLICA},

    /* people, pay plans, payout statements; the audit trail */
    {"POST", "/v1/people", kpid_h_people_post, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"GET", "/v1/people", kpid_h_people_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"GET", "/v1/people/{code}", kpid_h_people_get_code, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PUT", "/v1/people/{code}", kpid_h_people_put_code, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},
    {"DELETE", "/v1/people/{code}", kpid_h_people_delete_code, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},
    {"GET", "/v1/people/{code}/pay-plan", kpid_h_pay_plan_get, KPID_SCOPE_READ, KPID_READS_PRIMARY},
    {"PUT", "/v1/people/{code}/pay-plan", kpid_h_pay_plan_put, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},
    {"GET", "/v1/people/{code}/payouts", kpid_h_person_payouts_get, KPID_SCOPE_READ,
     KPID_READS_PRIMARY},
    {"GET", "/v1/periods/{id}/payouts", kpid_h_period_payouts_get, KPID_SCOPE_READ,
     KPID_READS_PRIMARY},
    {"PUT", "/v1/periods/{id}/pilot", kpid_h_pilot_period_put, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},
    {"DELETE", "/v1/periods/{id}/pilot", kpid_h_pilot_period_delete, KPID_SCOPE_ADMIN,
     KPID_READS_PRIMARY},
    {"GET", "/v1/audit", kpid_h_audit_get, KPID_SCOPE_ADMIN, KPID_READS_PRIMARY},

    {NULL, NULL, NULL, KPID_SCOPE_NONE, KPID_READS_PRIMARY},
};

/* A CSV export of KPID_CHANNEL_STATS_CSV_ROWS rows with many columns runs to a few MiB. */
const struct kpid_route_body_limit kpid_route_body_limits[] = {
    {"POST", "/v1/channel-stats", 16u << 20},
    {NULL, NULL, 0},
};
