-- Adds the person's next pay plan version (no row when there is no such person).
INSERT INTO pay_plans AS v (workspace_id, person_code, version, effective_from, scorecard,
    fixed_pay, bonus_base, total_pay, split_schedule, prorate, pilot)
SELECT p.workspace_id, p.code, coalesce((
	SELECT max(version)
	FROM pay_plans
	WHERE workspace_id = p.workspace_id AND person_code = p.code), 0) + 1, $3, $4,
    $5::numeric, $6::numeric, $7::numeric, $8::jsonb, $9::boolean, $10::boolean
FROM people p
WHERE p.workspace_id = $1::uuid
    AND p.code = $2
RETURNING pay_plan_doc(v)::text AS doc;
