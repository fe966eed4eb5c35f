create or replace function billing.refresh_invoices(p_invoice_ids bigint[])
returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
    -- Recomputed from the rows rather than incremented, so the totals can
    -- never drift from their lines, payments and adjustments. Set-based: the
    -- statement-level triggers pass every invoice a statement touched, and
    -- one UPDATE recomputes each of them once (a hash join for a bulk load,
    -- index lookups for one invoice). EXECUTE plans it for the actual number
    -- of invoices each time (a cached plan made for one invoice would loop a
    -- million times; one made for a million would scan whole tables for one).
    -- An invoice whose figures did not change is not updated.
    execute $sql$
        update billing.invoice i
           set total_amount = t.total_amount,
               paid_amount = t.paid_amount,
               adjusted_amount = t.adjusted_amount,
               status = t.status
          from (select u.invoice_id,
                       coalesce(l.total_amount, 0) as total_amount,
                       coalesce(p.paid_amount, 0) as paid_amount,
                       coalesce(a.adjusted_amount, 0) as adjusted_amount,
                       case
                           when l.line_count > 0
                            and l.total_amount = coalesce(p.paid_amount, 0) + coalesce(a.adjusted_amount, 0)
                               then 'paid'
                           when coalesce(p.paid_amount, 0) + coalesce(a.adjusted_amount, 0) > 0 then 'partially paid'
                           else 'open'
                       end as status
                  from (select distinct x.invoice_id from unnest($1) as x (invoice_id)) as u
                  left join (select l.invoice_id, sum(l.amount) as total_amount, count(*) as line_count
                               from billing.invoice_line l
                              where l.invoice_id in (select unnest($1))
                              group by l.invoice_id) as l on l.invoice_id = u.invoice_id
                  left join (select p.invoice_id, sum(p.amount) as paid_amount
                               from billing.payment p
                              where p.invoice_id in (select unnest($1))
                              group by p.invoice_id) as p on p.invoice_id = u.invoice_id
                  left join (select a.invoice_id, sum(a.amount) as adjusted_amount
                               from billing.adjustment a
                              where a.invoice_id in (select unnest($1))
                              group by a.invoice_id) as a on a.invoice_id = u.invoice_id) as t
         where i.invoice_id = t.invoice_id
           and (i.total_amount, i.paid_amount, i.adjusted_amount, i.status)
               is distinct from (t.total_amount, t.paid_amount, t.adjusted_amount, t.status)
    $sql$ using p_invoice_ids;
end;
$$;

comment on function billing.refresh_invoices(bigint[]) is
'Recomputes the total, paid and adjusted amounts and the status (open, partially paid, paid) of the given '
'invoices from their rows, in one statement; invoices whose figures are already right are left untouched.';
