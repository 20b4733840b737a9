-- A closed period holding a frozen statement of the person, if any.
SELECT pp.period_id
FROM period_payouts pp
JOIN periods pe ON pe.workspace_id = pp.workspace_id
    AND pe.id = pp.period_id
WHERE pp.workspace_id = $1::uuid
    AND pp.person_code = $2
    AND pe.closed_at IS NOT NULL
ORDER BY pp.period_id
LIMIT 1;
