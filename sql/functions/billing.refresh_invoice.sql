create or replace function billing.refresh_invoice(p_invoice_id bigint)
returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    -- recomputed from the rows rather than incremented, so the totals can
    -- never drift from their lines, payments and adjustments
    update billing.invoice i
       set total_amount = t.total_amount,
           paid_amount = t.paid_amount,
           adjusted_amount = t.adjusted_amount,
           status = case
                        when t.line_count > 0 and t.total_amount = t.paid_amount + t.adjusted_amount then 'paid'
                        when t.paid_amount + t.adjusted_amount > 0 then 'partially paid'
                        else 'open'
                    end
      from (select coalesce((select sum(l.amount) from billing.invoice_line l where l.invoice_id = p_invoice_id), 0)
                       as total_amount,
                   (select count(*) from billing.invoice_line l where l.invoice_id = p_invoice_id) as line_count,
                   coalesce((select sum(p.amount) from billing.payment p where p.invoice_id = p_invoice_id), 0)
                       as paid_amount,
                   coalesce((select sum(a.amount) from billing.adjustment a where a.invoice_id = p_invoice_id), 0)
                       as adjusted_amount) as t
     where i.invoice_id = p_invoice_id;
end;
$$;

comment on function billing.refresh_invoice(bigint) is
'Recomputes an invoice''s total, paid and adjusted amounts and its status (open, partially paid, paid) from its rows.';
