drop table ref.diagnosis_prior;
