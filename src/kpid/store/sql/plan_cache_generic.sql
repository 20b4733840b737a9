-- Until plan_cache_custom.sql or the end of the transaction, statements are bound to their
-- generic plan, made once per connection (see kpid_store_measures_rollup_select).
SELECT set_config('plan_cache_mode', 'force_generic_plan', true) AS plan_cache_mode;
