SELECT code, name, OWNER, granularity, fixed_pay, bonus_base,
    max_attainment, items::text, created_at, updated_at
FROM scorecards
WHERE workspace_id = $1::uuid
    AND ($2::text IS NULL
        OR granularity = $2)
    AND ($3::text IS NULL
        OR code > $3)
ORDER BY code
LIMIT $4::int;
