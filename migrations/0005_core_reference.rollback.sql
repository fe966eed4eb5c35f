drop table ref.treatment_outcome;
drop table ref.severity;
drop table ref.appointment_status_transition;
drop table ref.appointment_status;
