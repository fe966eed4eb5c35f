comment on column pharmacy.stock_movement.prescription_id is
'the prescription (clinic.prescription) dispensed for or returned from; no foreign key yet: added when the core lands';
comment on column pharmacy.dispensing.prescription_id is
'the prescription dispensed for (clinic.prescription); no foreign key yet: added when the clinical core lands';
drop index pharmacy.stock_movement_prescription_idx;
alter table pharmacy.stock_movement drop constraint stock_movement_prescription_id_fkey;
alter table pharmacy.dispensing drop constraint dispensing_prescription_id_fkey;
