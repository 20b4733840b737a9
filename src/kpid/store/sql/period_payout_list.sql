-- The statements frozen for a period, optionally of one person, by person.
SELECT person_code, statement::text AS statement
FROM period_payouts
WHERE workspace_id = $1::uuid
    AND period_id = $2
    AND ($3::text IS NULL
        OR person_code = $3)
ORDER BY person_code;
