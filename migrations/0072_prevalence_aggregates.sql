-- Disease prevalence per month, ICD-10 block and chapter, kept by the ETL
-- (dw.load_prevalence) so reporting.kpi_disease_prevalence reads a few hundred
-- rows per month instead of counting distinct patients over the month's
-- dw.agg_diagnosis_patient at query time (~51 ms of the KPI views' 88 ms at
-- 20,000 patients, growing with the data).
--
-- No CHECK (patients > 0) on them: the ETL's upsert inserts a -1 proposal that
-- ON CONFLICT turns into a decrement, and a CHECK is tested on the proposal.
--
-- dw.agg_diagnosis_patient's key is reordered to (month, patient, block): a
-- refresh finds the blocks of a touched patient in a month by the key's prefix
-- (the distinct patients of a chapter change only with those).

alter table dw.agg_diagnosis_patient
drop constraint agg_diagnosis_patient_pkey,
add constraint agg_diagnosis_patient_pkey primary key (month_start, patient_durable_key, block_code);

create table dw.agg_prevalence_block (
    month_start date not null,
    block_code text not null,
    patients bigint not null,
    primary key (month_start, block_code)
);
comment on table dw.agg_prevalence_block is
'distinct patients with at least one diagnosis of the ICD-10 block in the month (UTC month of the diagnosis); '
'no row when none';

create table dw.agg_prevalence_chapter (
    month_start date not null,
    chapter_no smallint not null,
    patients bigint not null,
    primary key (month_start, chapter_no)
);
comment on table dw.agg_prevalence_chapter is
'distinct patients with at least one diagnosis of the ICD-10 chapter in the month (UTC month of the diagnosis); '
'no row when none';

-- a loaded warehouse gets its counts now (no rebuild needed)
insert into dw.agg_prevalence_block (month_start, block_code, patients)
select
    a.month_start,
    a.block_code,
    count(*) as patients
from dw.agg_diagnosis_patient as a
group by a.month_start, a.block_code;

insert into dw.agg_prevalence_chapter (month_start, chapter_no, patients)
select
    p.month_start,
    p.chapter_no,
    count(*) as patients
from (
    select distinct
        a.month_start,
        b.chapter_no,
        a.patient_durable_key
    from dw.agg_diagnosis_patient as a
    inner join dw.dim_diagnosis_block as b on a.block_code = b.block_code
) as p
group by p.month_start, p.chapter_no;

grant select on dw.agg_prevalence_block, dw.agg_prevalence_chapter to hc_analyst;
