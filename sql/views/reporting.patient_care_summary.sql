create or replace view reporting.patient_care_summary with (security_invoker = true) as
select
    p.patient_id,
    p.mrn,
    p.first_name || ' ' || p.last_name as patient_name,
    p.date_of_birth,
    y.payer_name,
    coalesce(v.visits, 0) as visits,
    v.last_visit_at,
    coalesce(dg.active_diagnoses, 0) as active_diagnoses,
    coalesce(dg.active_diagnosis_codes, '{}') as active_diagnosis_codes,
    coalesce(b.balance - b.pending, 0)::numeric(12, 2) as patient_due,
    coalesce(b.pending, 0)::numeric(12, 2) as pending_with_payer
from clinic.patient as p
inner join billing.payer as y on p.payer_id = y.payer_id
left join lateral (
    select
        count(*) as visits,
        max(e.checked_in_at) as last_visit_at
    from clinic.encounter as e
    where e.patient_id = p.patient_id
) as v on true
left join lateral (
    select
        count(distinct d.icd10_code) as active_diagnoses,
        array_agg(distinct d.icd10_code order by d.icd10_code) as active_diagnosis_codes
    from clinic.encounter as e
    inner join clinic.diagnosis as d on e.encounter_id = d.encounter_id
    where e.patient_id = p.patient_id and d.resolved_date is null
) as dg on true
left join lateral (
    select
        sum(i.balance) as balance,
        sum(
            coalesce((
                select sum(c.amount_claimed) from billing.claim as c
                where c.invoice_id = i.invoice_id and c.status = 'submitted'
            ), 0)
        ) as pending
    from billing.invoice as i
    where i.patient_id = p.patient_id and i.status <> 'paid'
) as b on true;

comment on view reporting.patient_care_summary is
'One row per patient: visits, last visit, active diagnoses and what the patient owes (payer-pending amounts apart).';
comment on column reporting.patient_care_summary.patient_id is 'the patient (clinic.patient)';
comment on column reporting.patient_care_summary.mrn is 'medical record number';
comment on column reporting.patient_care_summary.patient_name is 'first and last name';
comment on column reporting.patient_care_summary.date_of_birth is 'date of birth';
comment on column reporting.patient_care_summary.payer_name is 'the patient''s payer (Self-pay if none)';
comment on column reporting.patient_care_summary.visits is 'number of encounters (visits), any status';
comment on column reporting.patient_care_summary.last_visit_at is 'check-in time of the latest visit';
comment on column reporting.patient_care_summary.active_diagnoses is 'distinct ICD-10-CM codes not marked resolved';
comment on column reporting.patient_care_summary.active_diagnosis_codes is 'those codes, sorted';
comment on column reporting.patient_care_summary.patient_due is 'what the patient owes now';
comment on column reporting.patient_care_summary.pending_with_payer is 'claimed from payers, not yet adjudicated';

revoke all on reporting.patient_care_summary from public;
-- identified (names, MRN, date of birth): never analysts or BI tools. security_invoker, so a
-- clinician's row-level security applies and they see only the patients in their care.
grant select on reporting.patient_care_summary to hc_clinician, hc_app;
