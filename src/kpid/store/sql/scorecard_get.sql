SELECT code, name, OWNER, granularity, fixed_pay, bonus_base,
    max_attainment, items::text, created_at, updated_at
FROM scorecards
WHERE workspace_id = $1::uuid
    AND code = $2;
