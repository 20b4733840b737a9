SELECT coalesce(json_agg(code ORDER BY code), '[]')::text AS codes
FROM scorecards
WHERE workspace_id = $1::uuid
    AND items @> jsonb_build_array(jsonb_build_object('kpi', $2::text))
    AND ($3::text IS NULL
        OR granularity <> $3);
