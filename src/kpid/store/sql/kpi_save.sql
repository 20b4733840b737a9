-- Inserts a KPI; on a taken code, $19 true replaces the existing one and false leaves it
-- alone and returns no row.
INSERT INTO kpis AS k (workspace_id, code, name, OWNER, level, metric, formula, manual, unit,
    direction, granularity, attribution, lag_days, channels, target_base, target_plan,
    target_stretch, description)
    VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::boolean, $9, $10, $11, $12, $13::int, (
            SELECT array_agg(c ORDER BY n)
            FROM jsonb_array_elements_text($14::jsonb)
                WITH ORDINALITY AS t (c, n)), $15::numeric, $16::numeric, $17::numeric, $18)
        ON CONFLICT (workspace_id, code)
            DO UPDATE SET
		name = excluded.name, OWNER = excluded.owner, level = excluded.level, metric =
		    excluded.metric, formula = excluded.formula, manual = excluded.manual,
		unit = excluded.unit, direction = excluded.direction, granularity =
		    excluded.granularity, attribution = excluded.attribution, lag_days =
		    excluded.lag_days, channels = excluded.channels,
		target_base = excluded.target_base, target_plan = excluded.target_plan,
		    target_stretch = excluded.target_stretch, description = excluded.description,
		    updated_at = now()
            WHERE $19::boolean
            RETURNING xmax = 0 AS created;
