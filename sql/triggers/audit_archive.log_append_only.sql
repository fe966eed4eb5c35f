-- requires: functions/audit.refuse_change.sql
-- row level, so it is cloned onto every partition (an UPDATE or DELETE aimed
-- at a partition directly is refused too)
create or replace trigger log_append_only
before update or delete on audit_archive.log
for each row execute function audit.refuse_change();
