-- requires: functions/clinic.assert_encounter_in_progress.sql, functions/clinic.assert_active_doctor.sql
-- requires: functions/clinic.assert_may_chart.sql
create or replace procedure clinic.record_treatment(
    p_encounter_id bigint,
    p_treatment_id bigint,
    p_doctor_id bigint,
    p_outcome text,
    p_price numeric default null,
    p_notes text default null,
    inout p_treatment_given_id bigint default null
)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_treatment record;
begin
    perform clinic.assert_may_chart(p_encounter_id);  -- 42501 unless the caller treats this visit
    if p_outcome is null or not exists (select 1 from ref.treatment_outcome o where o.outcome = p_outcome) then
        raise exception 'unknown treatment outcome "%"', p_outcome
            using errcode = '22023',
                  hint = (select 'Use one of: ' || string_agg(o.outcome, ', ' order by o.sort_order)
                            from ref.treatment_outcome o);
    end if;
    if p_price < 0 then
        raise exception 'a price cannot be negative (%)', p_price
            using errcode = '22023', hint = 'Leave the price empty to charge the catalog price.';
    end if;
    select t.treatment_name, t.default_price, t.is_active into v_treatment
      from clinic.treatment t where t.treatment_id = p_treatment_id;
    if not found then
        raise exception 'treatment % is not in the catalog', p_treatment_id
            using errcode = 'P0002', hint = 'Check the treatment number in clinic.treatment.';
    end if;
    if not v_treatment.is_active then
        raise exception 'treatment "%" is withdrawn from the catalog', v_treatment.treatment_name
            using errcode = 'ZC011', hint = 'Choose an active treatment.';
    end if;
    perform clinic.assert_active_doctor(p_doctor_id);
    perform clinic.assert_encounter_in_progress(p_encounter_id);
    -- the treatment_given_bills_line trigger adds the invoice line
    insert into clinic.treatment_given (encounter_id, treatment_id, doctor_id, outcome, price, notes)
    values (p_encounter_id, p_treatment_id, p_doctor_id, p_outcome,
            coalesce(p_price, v_treatment.default_price), p_notes)
    returning treatment_given_id into p_treatment_given_id;
end;
$$;

comment on procedure clinic.record_treatment (bigint, bigint, bigint, text, numeric, text, bigint) is
'Records a treatment given during an encounter in progress (at the catalog price unless a price is given), adds '
'its invoice line and returns its id. Refuses: unknown encounter, treatment or doctor (P0002), encounter not in '
'progress (ZC007), withdrawn treatment (ZC011), not an active doctor (ZC009), bad outcome or negative price (22023).';

revoke all on procedure clinic.record_treatment from public;
grant execute on procedure clinic.record_treatment to hc_clinician, hc_app;
