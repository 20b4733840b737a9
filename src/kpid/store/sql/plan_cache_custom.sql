-- Until the end of the transaction, statements are planned for their parameters' values, as
-- store/results_session.c sets results transactions up.
SELECT set_config('plan_cache_mode', 'force_custom_plan', true) AS plan_cache_mode;
