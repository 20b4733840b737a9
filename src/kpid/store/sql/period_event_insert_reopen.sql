INSERT INTO period_events (workspace_id, period_id, action, key_id)
    VALUES ($1::uuid, $2, 'reopen', $3::uuid);
