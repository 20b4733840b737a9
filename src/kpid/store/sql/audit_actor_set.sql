-- Names the API key of the write transaction for the audit triggers (until COMMIT/ROLLBACK).
SELECT set_config('kpid.key_id', $1, true);
