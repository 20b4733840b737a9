-- Inserts a person; on a taken code, $7 true replaces the existing one and false leaves it
-- alone and returns no row.
INSERT INTO people AS p (workspace_id, code, name, department, hired_on, left_on)
    VALUES ($1::uuid, $2, $3, $4, $5::date, $6::date)
ON CONFLICT (workspace_id, code)
    DO UPDATE SET
	name = excluded.name, department = excluded.department, hired_on = excluded.hired_on,
	    left_on = excluded.left_on, updated_at = now()
    WHERE $7::boolean
    RETURNING xmax = 0 AS created;
