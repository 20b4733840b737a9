-- The reason: the one sales gave, else why the sender or the workspace rules rejected it.
SELECT CASE WHEN l.invalid_reason IS NOT NULL THEN
        l.invalid_reason
    WHEN l.is_valid = FALSE THEN
        'marked not valid'
    WHEN l.duplicate_of IS NOT NULL THEN
        'duplicate'
    WHEN l.phone_norm IS NULL
        AND l.email_norm IS NULL THEN
        'no usable contact'
    ELSE
        'region'
    END AS reason, l.channel, count(*) AS leads
FROM leads l
WHERE l.workspace_id = $1::uuid
    AND NOT l.valid
    AND l.created_at >= $2::timestamptz
    AND l.created_at < $3::timestamptz
    AND l.created_at <= $4::timestamptz
    AND ($5::text IS NULL
        OR l.channel = $5)
GROUP BY 1, 2
ORDER BY 3 DESC, 1, 2;
