drop table pharmacy.medication;
drop table ref.atc_class;
