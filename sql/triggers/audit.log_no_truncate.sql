-- requires: functions/audit.refuse_change.sql
create or replace trigger log_no_truncate
before truncate on audit.log
for each statement execute function audit.refuse_change();
