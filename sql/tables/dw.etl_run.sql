-- Name: etl_run; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.etl_run (
    etl_run_id bigint NOT NULL,
    run_kind text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    run_status text NOT NULL,
    table_rows jsonb DEFAULT '{}'::jsonb NOT NULL,
    error_message text,
    error_sqlstate text,
    CONSTRAINT etl_run_kind_check CHECK ((run_kind = ANY (ARRAY['refresh'::text, 'rebuild'::text]))),
    CONSTRAINT etl_run_status_check CHECK ((run_status = ANY (ARRAY['succeeded'::text, 'failed'::text])))
);

--
-- Name: TABLE etl_run; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.etl_run IS 'one row per warehouse run (dw.refresh / dw.rebuild), written in the run''s own transaction: a run killed half-way leaves no row and no change; a run that failed with an error leaves a failed row and no change';

--
-- Name: COLUMN etl_run.table_rows; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.etl_run.table_rows IS 'per warehouse table: {"inserted": n, "updated": n, "deleted": n, "closed": n} (closed: SCD2 versions ended)';

--
-- Name: COLUMN etl_run.error_message; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.etl_run.error_message IS 'the error of a failed run (the warehouse was left unchanged)';

--
-- Name: etl_run_etl_run_id_seq; Type: SEQUENCE; Schema: dw; Owner: -
--

ALTER TABLE dw.etl_run ALTER COLUMN etl_run_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME dw.etl_run_etl_run_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: etl_run etl_run_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.etl_run
    ADD CONSTRAINT etl_run_pkey PRIMARY KEY (etl_run_id);

--
-- Name: TABLE etl_run; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.etl_run TO hc_analyst;
GRANT SELECT ON TABLE dw.etl_run TO hc_dba;
