INSERT INTO kpis AS k (workspace_id, code, name, OWNER, level, metric, formula, manual, unit,
    direction, granularity, attribution, lag_days, channels, target_base, target_plan,
    target_stretch, description)
    VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::boolean, $9, $10, $11, $12, $13::int, (
            SELECT array_agg(c ORDER BY n)
            FROM jsonb_array_elements_text($14::jsonb)
                WITH ORDINALITY AS t (c, n)), $15::numeric, $16::numeric, $17::numeric, $18)
        ON CONFLICT (workspace_id, code)
            DO NOTHING
        RETURNING TRUE AS created;
