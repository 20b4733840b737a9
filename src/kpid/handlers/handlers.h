/* Every endpoint handler kpid has, named kpid_h_<resource>_<method>[_id]. */
#ifndef KPID_HANDLERS_H
#define KPID_HANDLERS_H

#include "kpid/http/request.h"

/* service */
enum kpid_outcome kpid_h_healthz_get(struct kpid_request *req);
enum kpid_outcome kpid_h_readyz_get(struct kpid_request *req);
enum kpid_outcome kpid_h_metrics_get(struct kpid_request *req);
enum kpid_outcome kpid_h_openapi_get(struct kpid_request *req);

/* api keys */
enum kpid_outcome kpid_h_api_keys_post(struct kpid_request *req);
enum kpid_outcome kpid_h_api_keys_get(struct kpid_request *req);
enum kpid_outcome kpid_h_api_keys_delete_id(struct kpid_request *req);

/* KPI definitions: catalogue, KPIs, periods, targets, manual facts, scorecards */
enum kpid_outcome kpid_h_catalogue_metrics_get(struct kpid_request *req);
enum kpid_outcome kpid_h_measures_get(struct kpid_request *req);
enum kpid_outcome kpid_h_kpis_post(struct kpid_request *req);
enum kpid_outcome kpid_h_kpis_get(struct kpid_request *req);
enum kpid_outcome kpid_h_kpis_get_code(struct kpid_request *req);
enum kpid_outcome kpid_h_kpis_put_code(struct kpid_request *req);
enum kpid_outcome kpid_h_kpis_delete_code(struct kpid_request *req);
enum kpid_outcome kpid_h_periods_put_id(struct kpid_request *req);
enum kpid_outcome kpid_h_periods_get(struct kpid_request *req);
enum kpid_outcome kpid_h_periods_get_id(struct kpid_request *req);
enum kpid_outcome kpid_h_targets_put(struct kpid_request *req);
enum kpid_outcome kpid_h_targets_get(struct kpid_request *req);
enum kpid_outcome kpid_h_facts_put(struct kpid_request *req);
enum kpid_outcome kpid_h_facts_get(struct kpid_request *req);
enum kpid_outcome kpid_h_scorecards_post(struct kpid_request *req);
enum kpid_outcome kpid_h_scorecards_get(struct kpid_request *req);
enum kpid_outcome kpid_h_scorecards_get_code(struct kpid_request *req);
enum kpid_outcome kpid_h_scorecards_put_code(struct kpid_request *req);
enum kpid_outcome kpid_h_scorecards_delete_code(struct kpid_request *req);

/* spend and NPS */
enum kpid_outcome kpid_h_spend_post(struct kpid_request *req);
enum kpid_outcome kpid_h_spend_batch_post(struct kpid_request *req);
enum kpid_outcome kpid_h_spend_get(struct kpid_request *req);
enum kpid_outcome kpid_h_nps_post(struct kpid_request *req);
enum kpid_outcome kpid_h_nps_get(struct kpid_request *req);

/* leads, deals, settings */
enum kpid_outcome kpid_h_leads_post(struct kpid_request *req);
enum kpid_outcome kpid_h_leads_batch_post(struct kpid_request *req);
enum kpid_outcome kpid_h_leads_get(struct kpid_request *req);
enum kpid_outcome kpid_h_leads_get_id(struct kpid_request *req);
enum kpid_outcome kpid_h_leads_patch_id(struct kpid_request *req);
enum kpid_outcome kpid_h_leads_delete_id(struct kpid_request *req);
enum kpid_outcome kpid_h_deals_post(struct kpid_request *req);
enum kpid_outcome kpid_h_deals_batch_post(struct kpid_request *req);
enum kpid_outcome kpid_h_deals_get(struct kpid_request *req);
enum kpid_outcome kpid_h_deals_get_id(struct kpid_request *req);
enum kpid_outcome kpid_h_deals_patch_id(struct kpid_request *req);
enum kpid_outcome kpid_h_settings_get(struct kpid_request *req);
enum kpid_outcome kpid_h_settings_put(struct kpid_request *req);

/* webhook sources, deliveries and the inbox */
enum kpid_outcome kpid_h_sources_post(struct kpid_request *req);
enum kpid_outcome kpid_h_sources_get(struct kpid_request *req);
enum kpid_outcome kpid_h_sources_get_name(struct kpid_request *req);
enum kpid_outcome kpid_h_sources_put_name(struct kpid_request *req);
enum kpid_outcome kpid_h_sources_replay_post(struct kpid_request *req);
enum kpid_outcome kpid_h_webhooks_post(struct kpid_request *req);
enum kpid_outcome kpid_h_webhook_events_get(struct kpid_request *req);
enum kpid_outcome kpid_h_webhook_events_replay_post(struct kpid_request *req);

/* results, scorecards, funnel, channels, rejections, series; closing periods */
enum kpid_outcome kpid_h_period_results_get(struct kpid_request *req);
enum kpid_outcome kpid_h_period_scorecards_get(struct kpid_request *req);
enum kpid_outcome kpid_h_period_funnel_get(struct kpid_request *req);
enum kpid_outcome kpid_h_period_channels_get(struct kpid_request *req);
enum kpid_outcome kpid_h_period_rejections_get(struct kpid_request *req);
enum kpid_outcome kpid_h_kpi_series_get(struct kpid_request *req);
enum kpid_outcome kpid_h_period_close_post(struct kpid_request *req);
enum kpid_outcome kpid_h_period_reopen_post(struct kpid_request *req);

/* the dashboard: its page and the files it loads, compiled in from src/kpid/web/ */
enum kpid_outcome kpid_h_dashboard_get(struct kpid_request *req);
enum kpid_outcome kpid_h_dashboard_file_get(struct kpid_request *req);

/* daily channel records (spend and platform counters) */
enum kpid_outcome kpid_h_channel_stats_post(struct kpid_request *req);
enum kpid_outcome kpid_h_channel_stats_batch_post(struct kpid_request *req);
enum kpid_outcome kpid_h_channel_stats_get(struct kpid_request *req);

/* people, pay plans and payout statements */
enum kpid_outcome kpid_h_people_post(struct kpid_request *req);
enum kpid_outcome kpid_h_people_get(struct kpid_request *req);
enum kpid_outcome kpid_h_people_get_code(struct kpid_request *req);
enum kpid_outcome kpid_h_people_put_code(struct kpid_request *req);
enum kpid_outcome kpid_h_people_delete_code(struct kpid_request *req);
enum kpid_outcome kpid_h_pay_plan_put(struct kpid_request *req);
enum kpid_outcome kpid_h_pay_plan_get(struct kpid_request *req);
enum kpid_outcome kpid_h_period_payouts_get(struct kpid_request *req);
enum kpid_outcome kpid_h_person_payouts_get(struct kpid_request *req);
enum kpid_outcome kpid_h_pilot_period_put(struct kpid_request *req);
enum kpid_outcome kpid_h_pilot_period_delete(struct kpid_request *req);
enum kpid_outcome kpid_h_audit_get(struct kpid_request *req);
#endif
