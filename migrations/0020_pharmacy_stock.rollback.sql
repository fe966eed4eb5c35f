drop table pharmacy.reorder_setting;
drop table pharmacy.stock_movement;
drop table pharmacy.dispensing;
drop table pharmacy.lot;
drop table pharmacy.stock_location;
