-- Until the end of the transaction, PostgreSQL chooses between a statement's generic plan and
-- one for its values as it does by default (after plan_cache_generic.sql: see
-- kpid_store_lead_lock_writers).
SELECT set_config('plan_cache_mode', 'auto', true) AS plan_cache_mode;
