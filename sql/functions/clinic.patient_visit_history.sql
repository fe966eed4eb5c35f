create or replace function clinic.patient_visit_history(p_patient_id bigint)
returns table (
    encounter_id bigint,
    appointment_id bigint,
    encounter_status text,
    checked_in_at timestamptz,
    admitted_at timestamptz,
    discharged_at timestamptz,
    doctor_id bigint,
    doctor_name text,
    department_id bigint,
    department_name text,
    chief_complaint text,
    diagnoses text[],
    treatments text[],
    amount_billed numeric
)
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
begin
    if not exists (select 1 from clinic.patient p where p.patient_id = p_patient_id) then
        raise exception 'patient % does not exist', p_patient_id
            using errcode = 'P0002', hint = 'Check the patient number.';
    end if;
    return query
    select e.encounter_id, e.appointment_id, e.status, e.checked_in_at, e.admitted_at, e.discharged_at,
           e.doctor_id, s.first_name || ' ' || s.last_name, e.department_id, d.department_name, e.chief_complaint,
           coalesce((select array_agg(format('%s %s (%s%s)', dg.icd10_code, c.description, dg.severity,
                                             case when dg.is_primary then ', primary' else '' end)
                                      order by dg.is_primary desc, dg.diagnosis_id)
                       from clinic.diagnosis dg
                       join ref.icd10_code c on c.code = dg.icd10_code
                      where dg.encounter_id = e.encounter_id), '{}'),
           coalesce((select array_agg(format('%s: %s', t.treatment_name, tg.outcome) order by tg.treatment_given_id)
                       from clinic.treatment_given tg
                       join clinic.treatment t on t.treatment_id = tg.treatment_id
                      where tg.encounter_id = e.encounter_id), '{}'),
           coalesce((select i.total_amount from billing.invoice i where i.encounter_id = e.encounter_id), 0)
      from clinic.encounter e
      join clinic.staff s on s.staff_id = e.doctor_id
      join clinic.department d on d.department_id = e.department_id
     where e.patient_id = p_patient_id
     order by e.checked_in_at desc;
end;
$$;

comment on function clinic.patient_visit_history(bigint) is
'Every visit of a patient, newest first: doctor, department, diagnoses, treatments and amount billed. '
'Raises P0002 for an unknown patient.';

revoke all on function clinic.patient_visit_history from public;
grant execute on function clinic.patient_visit_history to hc_clinician, hc_app;
