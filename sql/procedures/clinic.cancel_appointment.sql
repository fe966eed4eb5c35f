create or replace procedure clinic.cancel_appointment(
    p_appointment_id bigint,
    p_reason text default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    -- the status transition trigger refuses cancelling anything but a scheduled appointment (ZC004)
    update clinic.appointment
       set status = 'cancelled',
           cancellation_reason = p_reason
     where appointment_id = p_appointment_id;
    if not found then
        raise exception 'appointment % does not exist', p_appointment_id
            using errcode = 'P0002', hint = 'Check the appointment number.';
    end if;
end;
$$;

comment on procedure clinic.cancel_appointment (bigint, text) is
'Cancels a scheduled appointment and frees its slot. Refuses: unknown appointment (P0002), '
'an appointment that is not scheduled (ZC004).';

revoke all on procedure clinic.cancel_appointment from public;
grant execute on procedure clinic.cancel_appointment to hc_receptionist, hc_app;
