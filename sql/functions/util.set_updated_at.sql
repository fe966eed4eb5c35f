create or replace function util.set_updated_at()
returns trigger
language plpgsql
as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

comment on function util.set_updated_at() is
'Trigger function: keeps updated_at current on every UPDATE (wired by the updated_at_trigger macro).';
