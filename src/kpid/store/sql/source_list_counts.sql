-- Every source's inbox counts (webhook_source_event_counts: the sums of its slot rows).
SELECT w.name AS workspace, s.name, n.mapped_events, n.failed_events, n.pending_fetch_events
FROM webhook_sources s
    JOIN workspaces w ON w.id = s.workspace_id
    CROSS JOIN LATERAL webhook_source_event_counts(s.workspace_id, s.name) AS n
ORDER BY w.name, s.name;
