-- requires: functions/util.set_updated_at.sql
{{ updated_at_trigger('clinic.staff_login') }}
