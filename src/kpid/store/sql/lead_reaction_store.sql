UPDATE
    leads l
SET reaction_minutes = u.minutes, updated_at = now()
FROM unnest($2::uuid[], $3::float8[]) AS u (id, minutes)
WHERE l.workspace_id = $1::uuid
    AND l.id = u.id
    AND l.reaction_minutes IS DISTINCT FROM u.minutes;
