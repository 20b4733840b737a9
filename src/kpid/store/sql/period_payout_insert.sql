INSERT INTO period_payouts (workspace_id, period_id, person_code, statement)
    VALUES ($1::uuid, $2, $3, $4::jsonb);
