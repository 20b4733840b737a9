-- Every source's inbox counts, kept on the source by the webhook_events_count trigger.
SELECT w.name AS workspace, s.name, s.mapped_events, s.failed_events, s.pending_fetch_events
FROM webhook_sources s
    JOIN workspaces w ON w.id = s.workspace_id
ORDER BY w.name, s.name;
