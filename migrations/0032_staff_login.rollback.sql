-- Undo 0032: policies, reads, the identity functions and the login mapping.
-- hc_owner's CREATEROLE and ADMIN options are cluster-wide, like the roles
-- themselves (0030): other databases on the server may rely on them, so they
-- stay; take them back by hand (ALTER ROLE hc_owner NOCREATEROLE) once no
-- database uses them.
drop policy claim_in_care on billing.claim;
drop policy claim_billing on billing.claim;
alter table billing.claim disable row level security;
drop policy invoice_in_care on billing.invoice;
drop policy invoice_billing on billing.invoice;
alter table billing.invoice disable row level security;
drop policy prescription_in_care on clinic.prescription;
drop policy prescription_pharmacy on clinic.prescription;
alter table clinic.prescription disable row level security;
drop policy treatment_given_in_care on clinic.treatment_given;
alter table clinic.treatment_given disable row level security;
drop policy diagnosis_in_care on clinic.diagnosis;
alter table clinic.diagnosis disable row level security;
drop policy encounter_in_care on clinic.encounter;
alter table clinic.encounter disable row level security;
drop policy appointment_in_care on clinic.appointment;
drop policy appointment_front_desk on clinic.appointment;
alter table clinic.appointment disable row level security;
drop policy patient_in_care on clinic.patient;
drop policy patient_front_desk on clinic.patient;
alter table clinic.patient disable row level security;

revoke select on all tables in schema clinic, billing, pharmacy from
hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
revoke usage on schema clinic from hc_dba, hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;
revoke usage on schema billing from hc_receptionist, hc_clinician, hc_billing_clerk, hc_app;
revoke usage on schema pharmacy from hc_clinician, hc_pharmacist, hc_app;
revoke usage on schema reporting from hc_receptionist, hc_clinician, hc_billing_clerk, hc_pharmacist, hc_app;


drop function clinic.current_department_id();
drop function clinic.current_staff_id();
drop table clinic.staff_login;
