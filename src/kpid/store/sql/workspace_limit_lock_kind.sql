-- a transaction-level advisory lock per (kind, workspace): two creates at once cannot both
-- see room for one more
SELECT pg_advisory_xact_lock(hashtext($2), hashtext($1));
