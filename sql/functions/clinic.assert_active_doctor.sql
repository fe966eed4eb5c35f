create or replace function clinic.assert_active_doctor(p_staff_id bigint)
returns void
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
    v_staff record;
begin
    select s.staff_role, s.is_active, s.first_name, s.last_name into v_staff from clinic.staff s
     where s.staff_id = p_staff_id;
    if not found then
        raise exception 'doctor % does not exist', p_staff_id
            using errcode = 'P0002', hint = 'Check the doctor''s staff number.';
    end if;
    if v_staff.staff_role <> 'doctor' or not v_staff.is_active then
        raise exception '% % (staff %) is not an active doctor', v_staff.first_name, v_staff.last_name, p_staff_id
            using errcode = 'ZC009',
                  detail = format('Role: %s, active: %s.', v_staff.staff_role, v_staff.is_active),
                  hint = 'Only active doctors treat, prescribe and see patients.';
    end if;
end;
$$;

comment on function clinic.assert_active_doctor(bigint) is
'Raises unless the staff member exists (P0002) and is an active doctor (ZC009).';
