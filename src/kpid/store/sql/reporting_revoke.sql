SELECT reporting_revoke($1) AS role;
