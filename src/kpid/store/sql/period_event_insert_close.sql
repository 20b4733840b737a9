INSERT INTO period_events (workspace_id, period_id, action, forced, key_id)
    VALUES ($1::uuid, $2, 'close', $3::boolean, $4::uuid);
