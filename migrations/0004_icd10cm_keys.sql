-- Keys and indexes of the ICD-10-CM tables, added after 0003 loaded the rows.
alter table ref.icd10_block
add constraint icd10_block_chapter_no_fkey foreign key (chapter_no) references ref.icd10_chapter (chapter_no);

alter table ref.icd10_code
add constraint icd10_code_parent_code_fkey foreign key (parent_code) references ref.icd10_code (code),
add constraint icd10_code_category_code_fkey foreign key (category_code) references ref.icd10_code (code),
add constraint icd10_code_block_code_fkey foreign key (block_code) references ref.icd10_block (block_code),
add constraint icd10_code_chapter_no_fkey foreign key (chapter_no) references ref.icd10_chapter (chapter_no);

create unique index icd10_code_undotted_key on ref.icd10_code (code_undotted);
create index icd10_block_chapter_no_idx on ref.icd10_block (chapter_no);
create index icd10_code_block_code_idx on ref.icd10_code (block_code);
create index icd10_code_chapter_no_idx on ref.icd10_code (chapter_no);
create index icd10_code_parent_code_idx on ref.icd10_code (parent_code);
create index icd10_code_category_code_idx on ref.icd10_code (category_code);
