-- requires: functions/clinic.assert_encounter_in_progress.sql, functions/clinic.assert_may_chart.sql
create or replace procedure clinic.record_diagnosis(
    p_encounter_id bigint,
    p_icd10_code text,
    p_severity text,
    p_is_primary boolean default false,
    p_onset_date date default null,
    p_notes text default null,
    inout p_diagnosis_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_code text := upper(btrim(p_icd10_code));
    v_constraint text;
begin
    perform clinic.assert_may_chart(p_encounter_id);  -- 42501 unless the caller treats this visit
    if v_code is null or v_code = '' or p_severity is null then
        raise exception 'the ICD-10-CM code and the severity are required'
            using errcode = '22023', hint = 'Give a billable ICD-10-CM code such as E11.65 and a severity.';
    end if;
    -- accept the undotted form used on claims (E1165 -> E11.65)
    if length(v_code) > 3 and position('.' in v_code) = 0 then
        v_code := left(v_code, 3) || '.' || substr(v_code, 4);
    end if;
    if not exists (select 1 from ref.severity s where s.severity = p_severity) then
        raise exception 'unknown severity "%"', p_severity
            using errcode = '22023',
                  hint = (select 'Use one of: ' || string_agg(s.severity, ', ' order by s.sort_order)
                            from ref.severity s);
    end if;
    if p_onset_date > current_date then
        raise exception 'the onset date % is in the future', p_onset_date
            using errcode = '22023', hint = 'Give the date the condition began, today or earlier.';
    end if;
    perform clinic.assert_encounter_in_progress(p_encounter_id);
    begin
        -- the diagnosis_billable_code trigger refuses unknown (ZC006) and heading (ZC005) codes
        insert into clinic.diagnosis (encounter_id, icd10_code, severity, is_primary, onset_date, notes)
        values (p_encounter_id, v_code, p_severity, coalesce(p_is_primary, false), p_onset_date, p_notes)
        returning diagnosis_id into p_diagnosis_id;
    exception when unique_violation then
        get stacked diagnostics v_constraint = constraint_name;
        if v_constraint = 'diagnosis_one_primary_per_encounter' then
            raise exception 'encounter % already has a primary diagnosis', p_encounter_id
                using errcode = '23505', constraint = v_constraint,
                      hint = 'Record this one as a secondary diagnosis.';
        end if;
        raise exception 'diagnosis % is already recorded on encounter %', v_code, p_encounter_id
            using errcode = '23505', constraint = v_constraint,
                  hint = 'A code is recorded once per visit.';
    end;
end;
$$;

comment on procedure clinic.record_diagnosis (bigint, text, text, boolean, date, text, bigint) is
'Records an ICD-10-CM diagnosis on an encounter in progress and returns its id (accepts E11.65 or E1165). '
'Refuses: unknown encounter (P0002), encounter not in progress (ZC007), unknown code (ZC006), non-billable '
'heading (ZC005), bad severity or future onset (22023), a second primary or a repeated code (23505).';

revoke all on procedure clinic.record_diagnosis from public;
grant execute on procedure clinic.record_diagnosis to hc_clinician, hc_app;
