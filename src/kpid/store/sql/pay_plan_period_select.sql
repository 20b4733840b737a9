-- The people employed in a period ($4 first day, $5 the day after) with a pay plan version in
-- force by its last month ($3), optionally one person ($2): each with the versions that took
-- effect by then, in the order they took effect, and their scorecard's granularity (null when
-- the scorecard is gone).
SELECT p.code, person_doc(p)::text AS person, (
	SELECT jsonb_agg(pay_plan_doc(v) || jsonb_build_object('granularity', s.granularity)
	    ORDER BY v.effective_from, v.version)
	FROM pay_plans v
	LEFT JOIN scorecards s ON s.workspace_id = v.workspace_id
	    AND s.code = v.scorecard
    WHERE v.workspace_id = p.workspace_id
	AND v.person_code = p.code
	AND v.effective_from <= $3)::text AS plans
FROM people p
WHERE p.workspace_id = $1::uuid
    AND ($2::text IS NULL
        OR p.code = $2)
    AND p.hired_on < $5::date
    AND (p.left_on IS NULL
        OR p.left_on >= $4::date)
    AND EXISTS (
	SELECT 1
	FROM pay_plans v
	WHERE v.workspace_id = p.workspace_id
	    AND v.person_code = p.code
	    AND v.effective_from <= $3)
ORDER BY p.code;
