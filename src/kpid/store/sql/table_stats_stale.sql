-- The write-hot tables that changed by more rows than they had at their last ANALYZE (and by
-- 1000 at least) since: their plans rest on statistics of a table a fraction of its size, or
-- on none (a table never analysed counts -1 rows).
SELECT c.relname
FROM pg_class c
WHERE c.oid IN ('leads'::regclass, 'deals'::regclass)
    AND pg_stat_get_mod_since_analyze(c.oid) > greatest(c.reltuples, 1000);
