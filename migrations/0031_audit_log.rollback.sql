-- Undoes 0031 only while the audit trail is empty: a rollback must never be
-- a way to delete audit rows (export and remove them deliberately first).
do $$
begin
    if exists (select from audit.log) or exists (select from audit_archive.log) then
        raise exception 'the audit trail holds rows; rolling back 0031 would delete them'
        using errcode = 'ZS003',
        hint = 'Export audit.log and audit_archive.log (pg_dump) and empty them deliberately first.';
    end if;
end;
$$;
drop table audit.app_identity_key;
drop table audit_archive.log;
drop schema audit_archive;
drop table audit.log;
