create or replace procedure clinic.mark_no_shows(
    p_as_of timestamptz default null,
    inout p_marked integer default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_as_of timestamptz := coalesce(p_as_of, now());
begin
    if v_as_of > now() then
        raise exception 'cannot mark no-shows as of the future (%)', v_as_of
            using errcode = '22023', hint = 'Leave the date empty to use the current time.';
    end if;
    update clinic.appointment
       set status = 'no-show'
     where status = 'scheduled'
       and ends_at <= v_as_of;
    get diagnostics p_marked = row_count;
end;
$$;

comment on procedure clinic.mark_no_shows (timestamptz, integer) is
'Marks every scheduled appointment that ended (by p_as_of, default now) without a check-in as no-show, freeing '
'nothing that was used; returns how many. Refuses a future p_as_of (22023).';

revoke all on procedure clinic.mark_no_shows from public;
grant execute on procedure clinic.mark_no_shows to hc_receptionist, hc_app;
