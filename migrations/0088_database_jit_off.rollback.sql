do $$
begin
    execute format('alter database %I reset jit', current_database());
end;
$$;
