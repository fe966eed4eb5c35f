-- Name: etl_state; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.etl_state (
    etl_state_id boolean DEFAULT true NOT NULL,
    stock_snapshot_through date,
    last_rebuild_at timestamp with time zone,
    rebuild_required text,
    CONSTRAINT etl_state_single_row CHECK (etl_state_id)
);

--
-- Name: TABLE etl_state; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.etl_state IS 'single row: ETL state that belongs to no source';

--
-- Name: COLUMN etl_state.stock_snapshot_through; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.etl_state.stock_snapshot_through IS 'last day fact_medication_stock_daily holds rows for (a refresh on a later day rolls the snapshot forward)';

--
-- Name: COLUMN etl_state.last_rebuild_at; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.etl_state.last_rebuild_at IS 'when dw.rebuild() last loaded the warehouse (null: never)';

--
-- Name: COLUMN etl_state.rebuild_required; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.etl_state.rebuild_required IS 'why the next run must be dw.rebuild() (dw.refresh() refuses with ZW001 while this is set); null: refresh is fine. Set by migrations that change what the ETL loads, cleared by a successful rebuild';

--
-- Name: etl_state etl_state_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.etl_state
    ADD CONSTRAINT etl_state_pkey PRIMARY KEY (etl_state_id);

--
-- Name: TABLE etl_state; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.etl_state TO hc_dba;
