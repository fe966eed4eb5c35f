alter table clinic.diagnosis
drop constraint diagnosis_encounter_code_key,
drop constraint diagnosis_source_code_check,
drop column source_code_system,
drop column source_code,
add constraint diagnosis_encounter_code_key unique (encounter_id, icd10_code);
drop table ref.snomed_icd10_map;
drop schema staging cascade;
