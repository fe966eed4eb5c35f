-- Name: change_log; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.change_log (
    change_id bigint NOT NULL,
    source_table text NOT NULL,
    source_id bigint NOT NULL,
    logged_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE change_log; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.change_log IS 'change capture queue: one row per OLTP row inserted, updated or deleted since the last refresh, written by statement-level triggers; dw.refresh() consumes (deletes) the rows its snapshot can see, so a row committed late by a long transaction is simply picked up by the next run (no watermark gap)';

--
-- Name: COLUMN change_log.source_table; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.change_log.source_table IS 'schema-qualified OLTP table the change happened in';

--
-- Name: COLUMN change_log.source_id; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.change_log.source_id IS 'key of the changed row (its primary key; clinic.working_day logs staff_id)';

--
-- Name: change_log_change_id_seq; Type: SEQUENCE; Schema: dw; Owner: -
--

ALTER TABLE dw.change_log ALTER COLUMN change_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME dw.change_log_change_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: change_log change_log_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.change_log
    ADD CONSTRAINT change_log_pkey PRIMARY KEY (change_id);

--
-- Name: COLUMN change_log.change_id; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(change_id) ON TABLE dw.change_log TO hc_dba;

--
-- Name: COLUMN change_log.source_table; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(source_table) ON TABLE dw.change_log TO hc_dba;

--
-- Name: COLUMN change_log.logged_at; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(logged_at) ON TABLE dw.change_log TO hc_dba;
