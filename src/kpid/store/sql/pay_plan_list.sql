-- Every pay plan version of a person, oldest first.
SELECT pay_plan_doc(v)::text AS doc
FROM pay_plans v
WHERE workspace_id = $1::uuid
    AND person_code = $2
ORDER BY version;
