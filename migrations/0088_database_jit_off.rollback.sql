do $$
begin
    execute format('alter database %I reset jit', current_database());
exception
    when insufficient_privilege then
        raise warning 'jit could not be reset for database %: only its owner may', current_database();
end;
$$;
