-- A patient's visit months, all departments together, in an aggregate of their
-- own: dw.agg_patient_visits (encounters per patient and month). The refresh
-- looks a touched patient's months up in it (first visits, and the patients
-- seen and active per month), which it did through agg_visit_patient's second
-- index, (patient_durable_key, month_start). That index is dropped: every new
-- (month, department, patient) group paid an insertion into it, among them the
-- groups a move to another department makes, though a move leaves a patient's
-- months as they were (its -1 and +1 fall in the same month here, so it
-- changes nothing in this aggregate). agg_visit_patient keeps its primary key,
-- which the KPI views and the refresh's MERGE read. Filled from
-- agg_visit_patient (the same counts summed over the departments), so a loaded
-- warehouse needs no rebuild.
create table dw.agg_patient_visits (
    patient_durable_key bigint not null,
    month_start date not null,
    visits bigint not null,
    primary key (patient_durable_key, month_start)
) with (fillfactor = 90);
comment on table dw.agg_patient_visits is
'encounters per patient and month, all departments (from fact_encounter): a patient''s visit months, for first '
'visits and the patients seen and active per month';

insert into dw.agg_patient_visits (patient_durable_key, month_start, visits)
select
    v.patient_durable_key,
    v.month_start,
    sum(v.visits) as visits
from dw.agg_visit_patient as v
group by 1, 2
order by 1, 2;

drop index dw.agg_visit_patient_patient_idx;

comment on table dw.patient_first_visit is
'month of each patient''s first encounter (new versus returning patients), kept from agg_patient_visits';

grant select on dw.agg_patient_visits to hc_analyst;
