drop index ref.icd10_code_category_code_idx;
drop index ref.icd10_code_parent_code_idx;
drop index ref.icd10_code_chapter_no_idx;
drop index ref.icd10_code_block_code_idx;
drop index ref.icd10_block_chapter_no_idx;
drop index ref.icd10_code_undotted_key;
alter table ref.icd10_code
drop constraint icd10_code_chapter_no_fkey,
drop constraint icd10_code_block_code_fkey,
drop constraint icd10_code_category_code_fkey,
drop constraint icd10_code_parent_code_fkey;
alter table ref.icd10_block drop constraint icd10_block_chapter_no_fkey;
