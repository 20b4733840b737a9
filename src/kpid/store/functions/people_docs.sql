-- The JSON documents of a person and of a pay plan version, as the API answers them and as
-- statements read them.
CREATE OR REPLACE FUNCTION person_doc(p people) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('code', p.code, 'name', p.name, 'department', p.department,
        'hired_on', p.hired_on, 'left_on', p.left_on, 'created_at', p.created_at,
        'updated_at', p.updated_at)
$$;
CREATE OR REPLACE FUNCTION pay_plan_doc(v pay_plans) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object('person', v.person_code, 'version', v.version,
        'effective_from', v.effective_from, 'scorecard', v.scorecard, 'fixed_pay', v.fixed_pay,
        'bonus_base', v.bonus_base, 'total_pay', v.total_pay,
        'split_schedule', v.split_schedule)) || jsonb_build_object('prorate', v.prorate,
        'pilot', v.pilot, 'created_at', v.created_at)
$$;
