-- Name: etl_source; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.etl_source (
    source_table text NOT NULL,
    last_change_id bigint DEFAULT 0 NOT NULL,
    changes_consumed bigint DEFAULT 0 NOT NULL,
    last_consumed_at timestamp with time zone
);

--
-- Name: TABLE etl_source; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.etl_source IS 'watermark per OLTP source: the highest change_log id consumed and when (informational: consumption is by delete, so ids committed out of order are never skipped)';

--
-- Name: COLUMN etl_source.last_change_id; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.etl_source.last_change_id IS 'highest dw.change_log.change_id consumed from this source';

--
-- Name: COLUMN etl_source.changes_consumed; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.etl_source.changes_consumed IS 'change rows consumed from this source, all runs together';

--
-- Name: etl_source etl_source_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.etl_source
    ADD CONSTRAINT etl_source_pkey PRIMARY KEY (source_table);

--
-- Name: TABLE etl_source; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.etl_source TO hc_dba;
