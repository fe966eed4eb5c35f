-- Name: log; Type: TABLE; Schema: audit_archive; Owner: -
--

CREATE TABLE audit_archive.log (
    log_id bigint NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    db_role text NOT NULL,
    app_user text,
    table_schema text NOT NULL,
    table_name text NOT NULL,
    operation text NOT NULL,
    row_key jsonb NOT NULL,
    patient_id bigint,
    old_row jsonb,
    new_row jsonb,
    changed_columns text[],
    transaction_id bigint NOT NULL
)
PARTITION BY RANGE (changed_at);

--
-- Name: TABLE log; Type: COMMENT; Schema: audit_archive; Owner: -
--

COMMENT ON TABLE audit_archive.log IS 'archived months of audit.log (same columns), one partition per month, moved by audit.archive_log_partition()';

--
-- Name: log log_pkey; Type: CONSTRAINT; Schema: audit_archive; Owner: -
--

ALTER TABLE ONLY audit_archive.log
    ADD CONSTRAINT log_pkey PRIMARY KEY (log_id, changed_at);

--
-- Name: log_patient_idx; Type: INDEX; Schema: audit_archive; Owner: -
--

CREATE INDEX log_patient_idx ON ONLY audit_archive.log USING btree (patient_id, changed_at) WHERE (patient_id IS NOT NULL);
