-- The complete ICD-10-CM classification (April 1, 2026 tabular): chapters,
-- blocks, categories and codes. The rows come from 0003_icd10cm.data/ (built by
-- scripts/build_icd10cm_data.py) and are COPYed by dbtool after these tables.
-- Foreign keys and indexes follow in 0004: validating them once after the load
-- takes a fraction of a second, checking them row by row during COPY took 3 s.
create table ref.icd10_chapter (
    chapter_no smallint primary key,
    code_range text not null unique,
    title text not null,
    constraint icd10_chapter_no_check check (chapter_no between 1 and 22),
    constraint icd10_chapter_range_check check (code_range ~ '^[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2}$')
);
comment on table ref.icd10_chapter is 'ICD-10-CM chapters (22), e.g. 1 = Certain infectious and parasitic diseases';
comment on column ref.icd10_chapter.code_range is 'first and last category of the chapter, e.g. A00-B99';

create table ref.icd10_block (
    block_code text primary key,
    chapter_no smallint not null,
    first_category text not null,
    last_category text not null,
    title text not null,
    constraint icd10_block_range_check check (first_category <= last_category)
);
comment on table ref.icd10_block is
'ICD-10-CM blocks (sections) of categories within a chapter, e.g. A00-A09 Intestinal infectious diseases';
comment on column ref.icd10_block.block_code is 'the block''s category range (a single code for one-category blocks)';

create table ref.icd10_code (
    code text primary key,
    description text not null,
    parent_code text,
    category_code text not null,
    block_code text not null,
    chapter_no smallint not null,
    is_billable boolean not null,
    code_undotted text generated always as (replace(code, '.', '')) stored,
    constraint icd10_code_format_check check (code ~ '^[A-Z][0-9A-Z]{2}(\.[0-9A-Z]{1,4})?$'),
    constraint icd10_code_parent_check check ((parent_code is null) = (code = category_code))
);
comment on table ref.icd10_code is
'ICD-10-CM categories (3 characters) and codes (4 to 7); only billable codes (leaves) may be used in a diagnosis';
comment on column ref.icd10_code.code is 'the code with its dot, as printed: E11.65';
comment on column ref.icd10_code.parent_code is 'the code one level up; null for a category';
comment on column ref.icd10_code.category_code is 'the 3-character category the code belongs to';
comment on column ref.icd10_code.is_billable is
'true for the most specific codes (leaves), the ones a diagnosis may carry';
comment on column ref.icd10_code.code_undotted is
'the code without its dot (E1165), as claims and some exports write it';
