SELECT reporting_grant($1, $2) AS role;
