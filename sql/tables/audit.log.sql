-- Name: log; Type: TABLE; Schema: audit; Owner: -
--

CREATE TABLE audit.log (
    log_id bigint NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
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
    transaction_id bigint NOT NULL,
    CONSTRAINT log_operation_check CHECK ((operation = ANY (ARRAY['insert'::text, 'update'::text, 'delete'::text]))),
    CONSTRAINT log_rows_check CHECK ((((operation = 'insert'::text) AND (old_row IS NULL) AND (new_row IS NOT NULL)) OR ((operation = 'update'::text) AND (old_row IS NOT NULL) AND (new_row IS NOT NULL)) OR ((operation = 'delete'::text) AND (old_row IS NOT NULL) AND (new_row IS NULL))))
)
PARTITION BY RANGE (changed_at);

--
-- Name: TABLE log; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON TABLE audit.log IS 'append-only trail of every insert, update and delete on patient-identifying and clinical tables; one partition per month; holds PHI (old and new rows), so nobody but hc_owner reads it directly';

--
-- Name: COLUMN log.changed_at; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.log.changed_at IS 'start of the transaction that made the change';

--
-- Name: COLUMN log.db_role; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.log.db_role IS 'the database login that made the change (session_user, not forgeable by SET)';

--
-- Name: COLUMN log.app_user; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.log.app_user IS 'the end user named by a pooling application through audit.set_application_user(); null otherwise';

--
-- Name: COLUMN log.row_key; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.log.row_key IS 'primary key of the changed row, as {"column": value}';

--
-- Name: COLUMN log.patient_id; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.log.patient_id IS 'the patient the row belongs to, when the table has a patient column';

--
-- Name: COLUMN log.changed_columns; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.log.changed_columns IS 'columns whose value an update changed (null for insert and delete)';

--
-- Name: COLUMN log.transaction_id; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.log.transaction_id IS 'pg_current_xact_id() of the changing transaction';

--
-- Name: log_log_id_seq; Type: SEQUENCE; Schema: audit; Owner: -
--

ALTER TABLE audit.log ALTER COLUMN log_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME audit.log_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: log log_pkey; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.log
    ADD CONSTRAINT log_pkey PRIMARY KEY (log_id, changed_at);

--
-- Name: log_patient_idx; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX log_patient_idx ON ONLY audit.log USING btree (patient_id, changed_at) WHERE (patient_id IS NOT NULL);
