create or replace function clinic.assert_encounter_in_progress(p_encounter_id bigint)
returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    v_status text;
begin
    -- a share lock keeps the encounter from being completed while a diagnosis,
    -- treatment or prescription is being added to it
    select e.status into v_status from clinic.encounter e where e.encounter_id = p_encounter_id for share;
    if not found then
        raise exception 'encounter % does not exist', p_encounter_id
            using errcode = 'P0002', hint = 'Check the encounter (visit) number.';
    end if;
    if v_status <> 'in progress' then
        raise exception 'encounter % is "%", not in progress', p_encounter_id, v_status
            using errcode = 'ZC007',
                  detail = 'Diagnoses, treatments and prescriptions are recorded during the consultation.',
                  hint = case when v_status = 'checked in' then 'Start the encounter first (clinic.start_encounter).'
                              else 'The visit is closed; record it on a new visit.' end;
    end if;
end;
$$;

comment on function clinic.assert_encounter_in_progress(bigint) is
'Raises unless the encounter exists (P0002) and is in progress (ZC007); locks it against completion meanwhile.';
