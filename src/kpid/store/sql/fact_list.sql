SELECT kpi_code, value, updated_at
FROM manual_facts
WHERE workspace_id = $1::uuid
    AND period_id = $2
ORDER BY kpi_code;
