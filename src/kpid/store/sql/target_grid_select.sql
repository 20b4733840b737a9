SELECT period_id, kpi_code, base, plan, stretch
FROM targets
WHERE workspace_id = $1::uuid
    AND period_id = ANY ($2::text[]);
