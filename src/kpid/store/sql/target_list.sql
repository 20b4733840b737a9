SELECT k.code AS kpi_code, t.kpi_code IS NOT NULL AS own, CASE WHEN t.kpi_code IS NULL THEN
        k.target_base
    ELSE
        t.base
    END AS base, coalesce(t.plan, k.target_plan) AS plan, CASE WHEN t.kpi_code IS NULL THEN
        k.target_stretch
    ELSE
        t.stretch
    END AS stretch
FROM kpis k
    LEFT JOIN targets t ON t.workspace_id = k.workspace_id
        AND t.kpi_code = k.code
        AND t.period_id = $2
WHERE k.workspace_id = $1::uuid
    AND k.granularity = $3
    AND (t.kpi_code IS NOT NULL
        OR k.target_plan IS NOT NULL)
ORDER BY k.code;
