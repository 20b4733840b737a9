INSERT INTO targets AS t (workspace_id, period_id, kpi_code, base, plan, stretch)
    VALUES ($1::uuid, $2, $3, $4::numeric, $5::numeric, $6::numeric)
ON CONFLICT (workspace_id, period_id, kpi_code)
    DO UPDATE SET
        base = excluded.base, plan = excluded.plan, stretch = excluded.stretch, updated_at = now()
    RETURNING xmax = 0 AS created;
