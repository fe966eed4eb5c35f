-- The pharmacy's dispensings and ledger rows name the prescription they served;
-- now that clinic.prescription exists, those references become foreign keys.
alter table pharmacy.dispensing
add constraint dispensing_prescription_id_fkey
foreign key (prescription_id) references clinic.prescription (prescription_id);

alter table pharmacy.stock_movement
add constraint stock_movement_prescription_id_fkey
foreign key (prescription_id) references clinic.prescription (prescription_id);

create index stock_movement_prescription_idx on pharmacy.stock_movement (prescription_id)
where prescription_id is not null;

comment on column pharmacy.dispensing.prescription_id is
'the prescription dispensed for (clinic.prescription); null for ward stock handed out without one';
comment on column pharmacy.stock_movement.prescription_id is
'the prescription (clinic.prescription) dispensed for or returned from';
