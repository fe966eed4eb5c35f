drop index pharmacy.lot_in_stock_fefo_idx;
