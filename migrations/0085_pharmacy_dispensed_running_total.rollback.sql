drop table pharmacy.dispensed_running_total;
