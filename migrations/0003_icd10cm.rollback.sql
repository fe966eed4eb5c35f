drop table ref.icd10_code;
drop table ref.icd10_block;
drop table ref.icd10_chapter;
