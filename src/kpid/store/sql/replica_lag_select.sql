-- Whether this server is a standby, and how far its replay is behind the primary in seconds:
-- 0 when it has replayed all it received (an idle primary sends nothing to catch up on).
SELECT pg_is_in_recovery() AS standby,
    CASE WHEN NOT pg_is_in_recovery()
        OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN
        0
    ELSE
        COALESCE(EXTRACT(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)
    END AS lag_seconds;
