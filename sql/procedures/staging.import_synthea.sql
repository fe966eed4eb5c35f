-- Maps a Synthea export, COPYed into the staging.synthea_* tables by
-- `dbtool import synthea`, into the clinic model, set-based, in the caller's
-- transaction: either the whole export lands or nothing does. Rows whose
-- Synthea id is already in staging.synthea_id_map are skipped, so importing the
-- same folder twice changes nothing. The mapping and its money model are in
-- docs/data.md.
create or replace procedure staging.import_synthea(inout p_summary jsonb default null)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_line integer;
    v_detail text;
    v_self_pay bigint;
    v_unplaced record;
    v_start timestamptz;
    v_placed boolean;
    v_new_encounters integer;
begin
    -- a reference SQL can still catch (the reader checks within one folder;
    -- this also covers rows that point at nothing staged nor imported before)
    select e.line_no, format('encounters.csv, line %s: unknown patient %s', e.line_no, e.patient)
      into v_line, v_detail
      from staging.synthea_encounter e
     where not exists (select 1 from staging.synthea_patient p where p.id = e.patient)
       and not exists (select 1 from staging.synthea_id_map m where m.entity = 'patient' and m.source_id = e.patient)
     order by e.line_no
     limit 1;
    if found then
        raise exception 'the Synthea export refers to a patient it does not contain'
            using errcode = 'ZI001', detail = v_detail,
                  hint = 'Export the complete folder (patients.csv with encounters.csv) and import it again.';
    end if;
    select x.line_no, format('%s, line %s: unknown encounter %s', x.file, x.line_no, x.encounter)
      into v_line, v_detail
      from (select 'conditions.csv' as file, c.line_no, c.encounter from staging.synthea_condition c
            union all
            select 'procedures.csv', p.line_no, p.encounter from staging.synthea_procedure p
            union all
            select 'medications.csv', m.line_no, m.encounter from staging.synthea_medication m) as x
     where not exists (select 1 from staging.synthea_encounter e where e.id = x.encounter)
       and not exists (select 1 from staging.synthea_id_map m where m.entity = 'encounter' and m.source_id = x.encounter)
     order by x.file, x.line_no
     limit 1;
    if found then
        raise exception 'the Synthea export refers to an encounter it does not contain'
            using errcode = 'ZI001', detail = v_detail,
                  hint = 'Export the complete folder (encounters.csv with the files that refer to it) and import it again.';
    end if;

    v_self_pay := (select p.payer_id from billing.payer p where p.payer_type = 'self-pay' order by p.payer_id limit 1);

    -- payers: by name (NO_INSURANCE is our Self-pay); coverage from the export's own figures
    insert into billing.payer (payer_name, payer_type, coverage_percent)
    select p.display_name,
           case when p.display_name in ('Medicare', 'Medicaid', 'Dual Eligible') then 'government' else 'insurer' end,
           coalesce(least(100, greatest(0, round(100 * c.covered / nullif(c.claimed, 0), 2))), 0)
      from staging.synthea_payer p
      left join lateral (select sum(e.payer_coverage) as covered, sum(e.total_claim_cost) as claimed
                           from staging.synthea_encounter e where e.payer = p.id) as c on true
     where p.display_name <> 'NO_INSURANCE'
       and not exists (select 1 from staging.synthea_id_map m where m.entity = 'payer' and m.source_id = p.id)
     order by p.line_no
    on conflict (payer_name) do nothing;
    insert into staging.synthea_id_map (entity, source_id, target_id)
    select 'payer', p.id, coalesce(pay.payer_id, v_self_pay)
      from staging.synthea_payer p
      left join billing.payer pay on pay.payer_name = p.display_name
     where not exists (select 1 from staging.synthea_id_map m where m.entity = 'payer' and m.source_id = p.id);

    -- organizations become departments (by name), plus one for providers without one
    insert into clinic.department (department_name)
    select o.display_name from staging.synthea_organization o
     where not exists (select 1 from staging.synthea_id_map m where m.entity = 'organization' and m.source_id = o.id)
     order by o.line_no
    on conflict (department_name) do nothing;
    insert into staging.synthea_id_map (entity, source_id, target_id)
    select 'organization', o.id, d.department_id
      from staging.synthea_organization o
      join clinic.department d on d.department_name = o.display_name
     where not exists (select 1 from staging.synthea_id_map m where m.entity = 'organization' and m.source_id = o.id);
    if exists (select 1 from staging.synthea_provider p where p.organization is null)
       or exists (select 1 from staging.synthea_encounter e where e.care_provider is null) then
        insert into clinic.department (department_name) values ('Synthea: no organization')
        on conflict (department_name) do nothing;
    end if;

    -- providers become doctors; the fee is the mean base cost of their encounters
    create temp table imp_provider on commit drop as
    select nextval(pg_catalog.pg_get_serial_sequence('clinic.staff', 'staff_id')) as staff_id, x.*
      from (select p.id, p.line_no,
                   coalesce(om.target_id, (select d.department_id from clinic.department d
                                            where d.department_name = 'Synthea: no organization')) as department_id,
                   coalesce(nullif(btrim(regexp_replace(split_part(p.display_name, ' ', 1), '[0-9]+', '', 'g')), ''), p.display_name)
                       as first_name,
                   coalesce(nullif(btrim(regexp_replace(substr(p.display_name, length(split_part(p.display_name, ' ', 1)) + 2),
                                                        '[0-9]+', '', 'g')), ''), 'Unknown') as last_name,
                   coalesce(lower(nullif(btrim(p.speciality), '')), 'general practice') as specialty,
                   coalesce((select round(avg(e.base_cost), 2) from staging.synthea_encounter e
                              where e.care_provider = p.id), 0) as fee
              from staging.synthea_provider p
              left join staging.synthea_id_map om on om.entity = 'organization' and om.source_id = p.organization
             where not exists (select 1 from staging.synthea_id_map m
                                where m.entity = 'provider' and m.source_id = p.id)
             order by p.line_no) as x;
    insert into clinic.staff (staff_id, department_id, first_name, last_name, staff_role, specialty, consultation_fee)
    overriding system value
    select i.staff_id, i.department_id, i.first_name, i.last_name, 'doctor', i.specialty, i.fee
      from pg_temp.imp_provider i order by i.staff_id;
    insert into staging.synthea_id_map (entity, source_id, target_id)
    select 'provider', i.id, i.staff_id from pg_temp.imp_provider i;
    if exists (select 1 from staging.synthea_encounter e where e.care_provider is null)
       and not exists (select 1 from staging.synthea_id_map m where m.entity = 'provider' and m.source_id = '') then
        with doctor as (
            insert into clinic.staff (department_id, first_name, last_name, staff_role, specialty, consultation_fee)
            select d.department_id, 'Unrecorded', 'Provider', 'doctor', 'general practice', 0
              from clinic.department d where d.department_name = 'Synthea: no organization'
            returning staff_id
        )
        insert into staging.synthea_id_map (entity, source_id, target_id) select 'provider', '', staff_id from doctor;
    end if;

    -- patients: the payer of their latest encounter
    create temp table imp_patient on commit drop as
    select nextval(pg_catalog.pg_get_serial_sequence('clinic.patient', 'patient_id')) as patient_id, x.*
      from (select p.*,
                   coalesce((select pm.target_id
                               from staging.synthea_encounter e
                               join staging.synthea_id_map pm on pm.entity = 'payer' and pm.source_id = e.payer
                              where e.patient = p.id
                              order by e.started desc, e.line_no desc
                              limit 1), v_self_pay) as payer_id
              from staging.synthea_patient p
             where not exists (select 1 from staging.synthea_id_map m where m.entity = 'patient' and m.source_id = p.id)
             order by p.line_no) as x;
    insert into clinic.patient (patient_id, mrn, first_name, last_name, date_of_birth, sex, address_line, city,
                                postal_code, country, payer_id)
    overriding system value
    select i.patient_id, 'SYN-' || i.id,
           coalesce(nullif(btrim(regexp_replace(i.first_name, '[0-9]+', '', 'g')), ''), i.first_name),
           coalesce(nullif(btrim(regexp_replace(i.last_name, '[0-9]+', '', 'g')), ''), i.last_name),
           i.birthdate,
           case upper(i.gender) when 'F' then 'female' when 'M' then 'male' else 'unknown' end,
           i.address, i.city, i.zip, 'US', i.payer_id
      from pg_temp.imp_patient i order by i.patient_id;
    insert into staging.synthea_id_map (entity, source_id, target_id)
    select 'patient', i.id, i.patient_id from pg_temp.imp_patient i;

    -- encounters: an appointment (the booked slot: the first 30 minutes at
    -- most, since a slot holds the doctor) and a completed encounter with the
    -- full Synthea span
    create temp table imp_encounter on commit drop as
    select nextval(pg_catalog.pg_get_serial_sequence('clinic.appointment', 'appointment_id')) as appointment_id,
           nextval(pg_catalog.pg_get_serial_sequence('clinic.encounter', 'encounter_id')) as encounter_id,
           x.*,
           x.started as slot_start,
           x.started + least(greatest(x.stopped - x.started, interval '1 minute'), interval '30 minutes') as slot_end,
           false as placed
      from (select e.*, pm.target_id as patient_id, dm.target_id as doctor_id,
                   coalesce(om.target_id, s.department_id) as department_id,
                   coalesce(paym.target_id, p.payer_id) as payer_id,
                   greatest(coalesce(e.stopped, e.started), e.started) as discharged_at
              from staging.synthea_encounter e
              join staging.synthea_id_map pm on pm.entity = 'patient' and pm.source_id = e.patient
              join clinic.patient p on p.patient_id = pm.target_id
              join staging.synthea_id_map dm on dm.entity = 'provider' and dm.source_id = coalesce(e.care_provider, '')
              join clinic.staff s on s.staff_id = dm.target_id
              left join staging.synthea_id_map om on om.entity = 'organization' and om.source_id = e.organization
              left join staging.synthea_id_map paym on paym.entity = 'payer' and paym.source_id = e.payer
             where not exists (select 1 from staging.synthea_id_map m
                                where m.entity = 'encounter' and m.source_id = e.id)
             order by e.started, e.line_no) as x;
    get diagnostics v_new_encounters = row_count;
    create index on pg_temp.imp_encounter (appointment_id);

    -- slots that collide with nothing (no earlier new slot, no existing active
    -- appointment of the same doctor or patient) go in as one statement
    update pg_temp.imp_encounter i set placed = true
     where not exists (select 1 from pg_temp.imp_encounter o
                        where o.appointment_id < i.appointment_id
                          and (o.doctor_id = i.doctor_id or o.patient_id = i.patient_id)
                          and o.slot_start < i.slot_end and i.slot_start < o.slot_end)
       and not exists (select 1 from clinic.appointment a
                        where (a.doctor_id = i.doctor_id or a.patient_id = i.patient_id)
                          and a.status in ('scheduled', 'checked in', 'in progress', 'completed')
                          and a.during && tstzrange(i.slot_start, i.slot_end));
    insert into clinic.appointment (appointment_id, patient_id, doctor_id, department_id, during, status, reason)
    overriding system value
    select i.appointment_id, i.patient_id, i.doctor_id, i.department_id, tstzrange(i.slot_start, i.slot_end),
           'completed', coalesce(i.description, i.encounter_class)
      from pg_temp.imp_encounter i where i.placed order by i.appointment_id;
    -- the rest (Synthea overlaps visits of one patient or one provider) one by
    -- one: the slot moves to the end of what it collides with
    for v_unplaced in
        select i.* from pg_temp.imp_encounter i where not i.placed order by i.appointment_id
    loop
        v_start := v_unplaced.slot_start;
        loop
            insert into clinic.appointment (appointment_id, patient_id, doctor_id, department_id, during, status, reason)
            overriding system value
            values (v_unplaced.appointment_id, v_unplaced.patient_id, v_unplaced.doctor_id, v_unplaced.department_id,
                    tstzrange(v_start, v_start + (v_unplaced.slot_end - v_unplaced.slot_start)), 'completed',
                    coalesce(v_unplaced.description, v_unplaced.encounter_class))
            on conflict do nothing;
            get diagnostics v_placed = row_count;
            exit when v_placed;
            select max(upper(a.during)) into v_start
              from clinic.appointment a
             where (a.doctor_id = v_unplaced.doctor_id or a.patient_id = v_unplaced.patient_id)
               and a.status in ('scheduled', 'checked in', 'in progress', 'completed')
               and a.during && tstzrange(v_start, v_start + (v_unplaced.slot_end - v_unplaced.slot_start));
        end loop;
    end loop;

    insert into clinic.encounter (encounter_id, appointment_id, patient_id, doctor_id, department_id, status,
                                  checked_in_at, admitted_at, discharged_at, chief_complaint, notes)
    overriding system value
    select i.encounter_id, i.appointment_id, i.patient_id, i.doctor_id, i.department_id, 'completed',
           i.started, i.started, i.discharged_at, coalesce(i.reason_description, i.description),
           format('Synthea %s encounter, SNOMED CT %s', i.encounter_class, i.code)
      from pg_temp.imp_encounter i order by i.encounter_id;
    insert into staging.synthea_id_map (entity, source_id, target_id)
    select 'encounter', i.id, i.encounter_id from pg_temp.imp_encounter i;

    -- conditions become diagnoses, SNOMED code kept, ICD-10-CM where mapped
    insert into clinic.diagnosis (encounter_id, icd10_code, severity, is_primary, onset_date, resolved_date,
                                  diagnosed_at, notes, source_code_system, source_code)
    select x.encounter_id, coalesce(sm.icd10_code, 'R69'), 'moderate',
           x.ordinal = 1 and not exists (select 1 from clinic.diagnosis d
                                          where d.encounter_id = x.encounter_id and d.is_primary),
           least(x.started, current_date), case when x.stopped >= x.started then x.stopped end,
           x.encounter_start, x.description,
           case when x.code_system is null or x.code_system ilike '%snomed%' then 'http://snomed.info/sct' else x.code_system end,
           x.code
      from (select c.*, em.target_id as encounter_id, e.admitted_at as encounter_start,
                   row_number() over (partition by c.encounter order by c.line_no) as ordinal
              from staging.synthea_condition c
              join staging.synthea_id_map em on em.entity = 'encounter' and em.source_id = c.encounter
              join clinic.encounter e on e.encounter_id = em.target_id
             where not exists (select 1 from staging.synthea_id_map m
                                where m.entity = 'condition'
                                  and m.source_id = c.encounter || ':' || c.code || ':' || c.started)) as x
      left join ref.snomed_icd10_map sm on sm.snomed_code = x.code
     order by x.line_no;
    insert into staging.synthea_id_map (entity, source_id, target_id)
    select 'condition', c.encounter || ':' || c.code || ':' || c.started, d.diagnosis_id
      from staging.synthea_condition c
      join staging.synthea_id_map em on em.entity = 'encounter' and em.source_id = c.encounter
      join clinic.diagnosis d on d.encounter_id = em.target_id and d.source_code = c.code
    on conflict do nothing;

    -- invoices: one per new encounter, for the encounter's payer
    insert into billing.invoice (encounter_id, patient_id, payer_id, issued_on, due_on)
    select i.encounter_id, i.patient_id, i.payer_id, (i.discharged_at at time zone 'UTC')::date,
           (i.discharged_at at time zone 'UTC')::date + 30
      from pg_temp.imp_encounter i order by i.encounter_id;
    insert into billing.invoice_line (invoice_id, line_kind, description, unit_price)
    select inv.invoice_id, 'consultation', coalesce(i.description, 'Synthea encounter'), coalesce(i.base_cost, 0)
      from pg_temp.imp_encounter i
      join billing.invoice inv on inv.encounter_id = i.encounter_id
     order by inv.invoice_id;

    -- procedures become treatments (catalog entry per SNOMED code); the
    -- treatment trigger adds their invoice lines
    insert into clinic.treatment (treatment_code, treatment_name, default_price)
    select distinct on (p.code) 'SNOMED:' || p.code, p.description, coalesce(p.base_cost, 0)
      from staging.synthea_procedure p
     order by p.code, p.line_no
    on conflict (treatment_code) do nothing;
    create temp table imp_procedure on commit drop as
    select nextval(pg_catalog.pg_get_serial_sequence('clinic.treatment_given', 'treatment_given_id'))
               as treatment_given_id, x.*
      from (select p.*, p.encounter || ':' || p.code || ':' || p.started || ':'
                        || row_number() over (partition by p.encounter, p.code, p.started order by p.line_no) as source_id,
                   e.encounter_id, e.doctor_id, t.treatment_id
              from staging.synthea_procedure p
              join staging.synthea_id_map em on em.entity = 'encounter' and em.source_id = p.encounter
              join clinic.encounter e on e.encounter_id = em.target_id
              join clinic.treatment t on t.treatment_code = 'SNOMED:' || p.code
             order by p.line_no) as x
     where not exists (select 1 from staging.synthea_id_map m
                        where m.entity = 'procedure' and m.source_id = x.source_id);
    insert into clinic.treatment_given (treatment_given_id, encounter_id, treatment_id, doctor_id, outcome, price,
                                        given_at, notes)
    overriding system value
    select i.treatment_given_id, i.encounter_id, i.treatment_id, i.doctor_id, 'stable', coalesce(i.base_cost, 0),
           i.started, i.reason_description
      from pg_temp.imp_procedure i order by i.treatment_given_id;
    insert into staging.synthea_id_map (entity, source_id, target_id)
    select 'procedure', i.source_id, i.treatment_given_id from pg_temp.imp_procedure i;

    -- medications: catalog entry per RxNorm code, a prescription, and their
    -- cost on the invoice of the encounter that prescribed them
    insert into pharmacy.medication (generic_name, dosage_form, dispensing_unit, rxnorm_code)
    select distinct on (m.code) m.description,
           case when m.description ilike '%oral tablet%' or m.description ilike '%chewable tablet%' then 'tablet'
                when m.description ilike '%capsule%' then 'capsule'
                when m.description ilike '%oral solution%' then 'oral solution'
                when m.description ilike '%suspension%' then 'oral suspension'
                when m.description ilike '%inhal%' then 'inhaler'
                when m.description ilike '%inject%' or m.description ilike '%prefilled syringe%' then 'injection'
                when m.description ilike '%transdermal%' or m.description ilike '%patch%' then 'patch'
                when m.description ilike '%cream%' then 'cream'
                when m.description ilike '%ointment%' then 'ointment'
                when m.description ilike '%spray%' then 'spray'
                else 'other' end,
           'unit', m.code
      from staging.synthea_medication m
     where not exists (select 1 from pharmacy.medication pm where pm.rxnorm_code = m.code)
     order by m.code, m.line_no
    on conflict do nothing;
    create temp table imp_medication on commit drop as
    select nextval(pg_catalog.pg_get_serial_sequence('clinic.prescription', 'prescription_id')) as prescription_id,
           x.*
      from (select m.*, m.encounter || ':' || m.code || ':' || m.started || ':'
                        || row_number() over (partition by m.encounter, m.code, m.started order by m.line_no) as source_id,
                   e.encounter_id, e.doctor_id, pm.medication_id
              from staging.synthea_medication m
              join staging.synthea_id_map em on em.entity = 'encounter' and em.source_id = m.encounter
              join clinic.encounter e on e.encounter_id = em.target_id
              join pharmacy.medication pm on pm.rxnorm_code = m.code
             order by m.line_no) as x
     where not exists (select 1 from staging.synthea_id_map mm
                        where mm.entity = 'medication' and mm.source_id = x.source_id);
    insert into clinic.prescription (prescription_id, encounter_id, medication_id, prescriber_id, dose, frequency,
                                     duration_days, quantity, instructions, status, prescribed_at)
    overriding system value
    select i.prescription_id, i.encounter_id, i.medication_id, i.doctor_id, 'as directed', 'as directed',
           nullif(greatest((i.stopped at time zone 'UTC')::date - (i.started at time zone 'UTC')::date, 0), 0),
           greatest(coalesce(i.dispenses, 1), 1), i.reason_description,
           case when i.stopped is null then 'active' else 'dispensed' end, i.started
      from pg_temp.imp_medication i order by i.prescription_id;
    insert into staging.synthea_id_map (entity, source_id, target_id)
    select 'medication', i.source_id, i.prescription_id from pg_temp.imp_medication i;
    insert into billing.invoice_line (invoice_id, line_kind, description, quantity, unit_price)
    select inv.invoice_id, 'other', 'Medication: ' || i.description, 1,
           coalesce(i.total_cost, i.base_cost * greatest(coalesce(i.dispenses, 1), 1), 0)
      from pg_temp.imp_medication i
      join billing.invoice inv on inv.encounter_id = i.encounter_id
     order by i.prescription_id;

    -- money: the payer's coverage (encounter + its medications) as a paid
    -- claim and a remittance; the patient's share as paid at discharge
    create temp table imp_coverage on commit drop as
    select inv.invoice_id, inv.payer_id, inv.total_amount, i.discharged_at,
           least(inv.total_amount,
                 coalesce(i.payer_coverage, 0)
                 + coalesce((select sum(m.payer_coverage) from pg_temp.imp_medication m
                              where m.encounter_id = i.encounter_id), 0)) as covered
      from pg_temp.imp_encounter i
      join billing.invoice inv on inv.encounter_id = i.encounter_id;
    insert into billing.claim (invoice_id, payer_id, status, amount_claimed, amount_paid, submitted_at, adjudicated_at)
    select c.invoice_id, c.payer_id, 'paid', c.covered, c.covered, c.discharged_at, c.discharged_at
      from pg_temp.imp_coverage c
     where c.covered > 0 and c.payer_id <> v_self_pay
     order by c.invoice_id;
    insert into billing.payment (invoice_id, payer_id, claim_id, amount, payment_method, paid_at)
    select cl.invoice_id, cl.payer_id, cl.claim_id, cl.amount_paid, 'payer remittance', cl.adjudicated_at
      from billing.claim cl
      join pg_temp.imp_coverage c on c.invoice_id = cl.invoice_id
     order by cl.claim_id;
    insert into billing.payment (invoice_id, amount, payment_method, paid_at)
    select c.invoice_id, c.total_amount - case when c.payer_id <> v_self_pay then c.covered else 0 end, 'card',
           c.discharged_at
      from pg_temp.imp_coverage c
     where c.total_amount - case when c.payer_id <> v_self_pay then c.covered else 0 end > 0
     order by c.invoice_id;

    p_summary := jsonb_build_object(
        'organizations', (select count(*) from staging.synthea_organization),
        'providers', (select count(*) from pg_temp.imp_provider),
        'patients', (select count(*) from pg_temp.imp_patient),
        'encounters', v_new_encounters,
        'moved_slots', (select count(*) from pg_temp.imp_encounter where not placed),
        'procedures', (select count(*) from pg_temp.imp_procedure),
        'medications', (select count(*) from pg_temp.imp_medication)
    );
end;
$$;

comment on procedure staging.import_synthea (jsonb) is
'Maps the Synthea rows in staging.synthea_* into departments, doctors, payers, patients, appointments, encounters, '
'diagnoses, treatments, prescriptions, invoices, claims and payments; skips what staging.synthea_id_map already '
'holds (re-import is a no-op). Raises ZI001 for a reference to a row neither staged nor imported. Returns counts.';
