SELECT period_id, kpi_code, value
FROM manual_facts
WHERE workspace_id = $1::uuid
    AND period_id = ANY ($2::text[]);
