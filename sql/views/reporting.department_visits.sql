create or replace view reporting.department_visits as
select
    d.department_id,
    d.department_name,
    date_trunc('month', e.checked_in_at at time zone d.time_zone)::date as visit_month,
    count(*) as visits,
    count(*) filter (where e.status = 'completed') as completed_visits,
    count(distinct e.patient_id) as patients,
    coalesce(sum(i.total_amount), 0)::numeric(12, 2) as amount_billed
from clinic.encounter as e
inner join clinic.department as d on e.department_id = d.department_id
left join billing.invoice as i on e.encounter_id = i.encounter_id
group by d.department_id, d.department_name, date_trunc('month', e.checked_in_at at time zone d.time_zone);

comment on view reporting.department_visits is
'Visits per department and month (local time of the department): visits, completed visits, patients, billed.';
comment on column reporting.department_visits.department_id is 'the department';
comment on column reporting.department_visits.department_name is 'department name';
comment on column reporting.department_visits.visits is 'encounters checked in that month';
comment on column reporting.department_visits.completed_visits is 'encounters completed';
comment on column reporting.department_visits.visit_month is 'first day of the month of check-in';
comment on column reporting.department_visits.patients is 'distinct patients seen that month';
comment on column reporting.department_visits.amount_billed is 'total of the invoices of those visits';

revoke all on reporting.department_visits from public;
grant select on reporting.department_visits to hc_analyst, hc_bi_reader;
