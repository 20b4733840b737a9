SELECT k.code, t.kpi_code IS NOT NULL, CASE WHEN t.kpi_code IS NULL THEN
        k.target_base
    ELSE
        t.base
    END, coalesce(t.plan, k.target_plan), CASE WHEN t.kpi_code IS NULL THEN
        k.target_stretch
    ELSE
        t.stretch
    END
FROM kpis k
    LEFT JOIN targets t ON t.workspace_id = k.workspace_id
        AND t.kpi_code = k.code
        AND t.period_id = $2
WHERE k.workspace_id = $1::uuid
    AND k.granularity = $3
    AND (t.kpi_code IS NOT NULL
        OR k.target_plan IS NOT NULL)
ORDER BY k.code;
