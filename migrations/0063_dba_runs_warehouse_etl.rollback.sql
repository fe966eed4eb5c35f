revoke usage on schema dw from hc_dba;
