-- Change capture starts with the warehouse's first load. Until then the OLTP
-- triggers log nothing: the first load reads every row anyway, and a clinic
-- that deploys without ever loading the warehouse no longer queues every write
-- in dw.change_log for ever (a 100,000-patient seed queued 6.4 million rows,
-- ~6.5 s of the seed and 2.1-3.1 s of the first load's time to empty again).
--
-- The switch is a sequence because setval() is not transactional: the first
-- load turns capture on where every session sees it at once, then waits for
-- the transactions that wrote while it was off (they hold a shared advisory
-- lock, see dw.capture_change and dw.run_etl) before it reads anything. A flag
-- in a table would stay invisible to other sessions until the whole load
-- committed, and their writes meanwhile would be neither loaded nor logged.
create sequence dw.capture_switch as smallint minvalue 0 maxvalue 1 start with 0 no cycle;
comment on sequence dw.capture_switch is
'1: the OLTP change-capture triggers log into dw.change_log; 0: the warehouse was never loaded and nothing is '
'logged. Switched on (setval, not transactional) by the first dw.refresh() / dw.rebuild(); never switched off';
grant select on dw.capture_switch to hc_dba;

-- a warehouse loaded before this migration keeps capturing
select setval('dw.capture_switch', 1)
from dw.etl_state
where last_rebuild_at is not null;
