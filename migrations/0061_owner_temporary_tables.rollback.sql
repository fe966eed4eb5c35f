do $$
begin
    execute format('revoke temporary on database %I from hc_owner', current_database());
end;
$$;
