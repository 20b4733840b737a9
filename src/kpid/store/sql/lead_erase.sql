-- Contact data, its normalised forms and the free-form attributes (which may hold personal
-- data too) go; channel, timestamps, validity, stage and the natural key stay.
UPDATE
    leads
SET contact_name = NULL, contact_phone = NULL, contact_email = NULL, phone_norm = NULL, email_norm
    = NULL, attributes = '{}',
    erased_at = coalesce(erased_at, now()), updated_at = CASE WHEN erased_at IS NULL THEN
        now()
    ELSE
        updated_at
    END
WHERE workspace_id = $1::uuid
    AND id = $2::uuid
RETURNING id;
