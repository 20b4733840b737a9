INSERT INTO scorecards AS s (workspace_id, code, name, OWNER, granularity, fixed_pay, bonus_base,
    max_attainment, items)
    VALUES ($1::uuid, $2, $3, $4, $5, $6::numeric, $7::numeric, $8::double precision, $9::jsonb)
ON CONFLICT (workspace_id, code)
    DO NOTHING
RETURNING TRUE AS created;
