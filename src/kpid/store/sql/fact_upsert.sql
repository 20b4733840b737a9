INSERT INTO manual_facts AS f (workspace_id, period_id, kpi_code, value)
    VALUES ($1::uuid, $2, $3, $4::numeric)
ON CONFLICT (workspace_id, period_id, kpi_code)
    DO UPDATE SET
        value = excluded.value, updated_at = now()
    RETURNING kpi_code, value, updated_at, xmax = 0 AS created;
