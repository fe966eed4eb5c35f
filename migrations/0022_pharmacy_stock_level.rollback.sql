drop table pharmacy.stock_level;
