-- Inserts a scorecard; on a taken code, $10 true replaces the existing one and false leaves
-- it alone and returns no row.
INSERT INTO scorecards AS s (workspace_id, code, name, OWNER, granularity, fixed_pay, bonus_base,
    max_attainment, items)
    VALUES ($1::uuid, $2, $3, $4, $5, $6::numeric, $7::numeric, $8::double precision, $9::jsonb)
ON CONFLICT (workspace_id, code)
    DO UPDATE SET
	name = excluded.name, OWNER = excluded.owner, granularity = excluded.granularity, fixed_pay
	    = excluded.fixed_pay, bonus_base = excluded.bonus_base, max_attainment =
	    excluded.max_attainment, items = excluded.items, updated_at = now()
    WHERE $10::boolean
    RETURNING xmax = 0 AS created;
