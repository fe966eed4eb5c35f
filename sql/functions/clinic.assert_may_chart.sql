-- requires: functions/audit.current_actor.sql
create or replace function clinic.assert_may_chart(p_encounter_id bigint)
returns void
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
-- The clinical write procedures are SECURITY DEFINER: they run as hc_owner,
-- which row-level security does not filter, so they authorize their caller
-- here, first thing. Fail closed: every caller but a superuser (the tests,
-- dbtool's seed and demo) must be a linked, active staff member who is the
-- encounter's doctor or works in its department. Only hc_clinician and hc_app
-- may EXECUTE the procedures; for hc_app the staff member is the end user it
-- named with audit.set_application_user().
declare
    v_staff_id bigint;
    v_department_id bigint;
    v_encounter record;
begin
    if (select r.rolsuper from pg_catalog.pg_roles as r where r.rolname = session_user) then
        return;
    end if;
    v_staff_id := clinic.current_staff_id();
    if v_staff_id is null then
        raise exception 'your login is not linked to an active staff member'
        using errcode = '42501',
        detail = 'Clinical records are written by the staff member who treats the patient.',
        hint = 'Ask a database administrator to link your login (clinic.create_staff_login or '
        'clinic.link_staff_login); an application must name its user with audit.set_application_user().';
    end if;
    select e.doctor_id, e.department_id into v_encounter from clinic.encounter as e
     where e.encounter_id = p_encounter_id;
    if not found then
        return;  -- the procedure reports the unknown encounter (P0002)
    end if;
    select s.department_id into v_department_id from clinic.staff as s where s.staff_id = v_staff_id;
    if v_encounter.doctor_id is distinct from v_staff_id
       and v_encounter.department_id is distinct from v_department_id then
        raise exception 'encounter % belongs to another department', p_encounter_id
        using errcode = '42501',
        detail = 'You may record only on encounters of your own department or where you are the doctor.',
        hint = 'Ask a clinician of that department.';
    end if;
end;
$$;

revoke all on function clinic.assert_may_chart from public;

comment on function clinic.assert_may_chart(bigint) is
'Raises 42501 unless the caller may write the encounter''s clinical record: a superuser, or the linked staff '
'member (clinic.current_staff_id()) who is its doctor or works in its department. Called first by every '
'clinical write procedure (they run as the owner, which row-level security does not filter).';
