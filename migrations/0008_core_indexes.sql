-- Indexes for the frequent paths of the clinical core and billing, plus one
-- per foreign key that is joined or deleted through. The tests prove with
-- EXPLAIN on a seeded database that each frequent query uses its index.

-- a patient's appointments, a doctor's day (all statuses, by start)
create index appointment_patient_starts_idx on clinic.appointment (patient_id, starts_at);
create index appointment_doctor_starts_idx on clinic.appointment (doctor_id, starts_at);
-- mark_no_shows: scheduled appointments that have ended
create index appointment_scheduled_ends_idx on clinic.appointment (ends_at) where status = 'scheduled';
create index appointment_department_idx on clinic.appointment (department_id);
-- a patient's visits, newest first
create index encounter_patient_checked_in_idx on clinic.encounter (patient_id, checked_in_at);
create index encounter_doctor_idx on clinic.encounter (doctor_id);
create index encounter_department_checked_in_idx on clinic.encounter (department_id, checked_in_at);
-- diagnoses per code and date
create index diagnosis_code_diagnosed_idx on clinic.diagnosis (icd10_code, diagnosed_at);
create index treatment_given_encounter_idx on clinic.treatment_given (encounter_id);
create index treatment_given_treatment_idx on clinic.treatment_given (treatment_id);
create index prescription_encounter_idx on clinic.prescription (encounter_id);
create index prescription_medication_idx on clinic.prescription (medication_id);
create index staff_department_idx on clinic.staff (department_id);
create index patient_payer_idx on clinic.patient (payer_id);
create index patient_name_idx on clinic.patient (lower(last_name), lower(first_name));
-- open invoices per patient
create index invoice_patient_open_idx on billing.invoice (patient_id, issued_on) where status <> 'paid';
create index invoice_patient_idx on billing.invoice (patient_id);
create index invoice_line_invoice_idx on billing.invoice_line (invoice_id);
create index claim_invoice_idx on billing.claim (invoice_id);
create index claim_payer_pending_idx on billing.claim (payer_id) where status = 'submitted';
create index payment_invoice_idx on billing.payment (invoice_id);
create index payment_claim_idx on billing.payment (claim_id);
create index adjustment_invoice_idx on billing.adjustment (invoice_id);
