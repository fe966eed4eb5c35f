-- Name: dim_patient; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_patient (
    patient_key bigint NOT NULL,
    patient_id bigint NOT NULL,
    patient_durable_key bigint DEFAULT nextval('dw.patient_durable_key_seq'::regclass) NOT NULL,
    sex text NOT NULL,
    birth_year smallint,
    age_band text NOT NULL,
    region text NOT NULL,
    payer_type text NOT NULL,
    valid_from timestamp with time zone NOT NULL,
    valid_to timestamp with time zone DEFAULT 'infinity'::timestamp with time zone NOT NULL,
    is_current boolean DEFAULT true NOT NULL,
    CONSTRAINT dim_patient_valid_check CHECK ((valid_from < valid_to))
);

--
-- Name: TABLE dim_patient; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_patient IS 'de-identified patient, slowly changing type 2: a new version when sex, birth year, region or payer type changes; no names, contact data, exact dates, ZIP beyond 3 characters or free text (Safe Harbor)';

--
-- Name: COLUMN dim_patient.patient_id; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_patient.patient_id IS 'OLTP key for the ETL lookups only: NOT granted to analysts (column-level grant)';

--
-- Name: COLUMN dim_patient.patient_durable_key; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_patient.patient_durable_key IS 'the same for every version of one patient (count distinct patients with it; Citus distribution key)';

--
-- Name: COLUMN dim_patient.birth_year; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_patient.birth_year IS 'year of birth; null when the patient was 90 or older (Safe Harbor)';

--
-- Name: COLUMN dim_patient.age_band; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_patient.age_band IS 'age band when this version began: 0-17, 18-34, 35-49, 50-64, 65-79, 80-89, 90+';

--
-- Name: COLUMN dim_patient.region; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_patient.region IS 'country and the first 3 characters of the postal code, e.g. US-021';

--
-- Name: COLUMN dim_patient.valid_from; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_patient.valid_from IS 'start of this version (the OLTP change time; -infinity for the first version)';

--
-- Name: COLUMN dim_patient.valid_to; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_patient.valid_to IS 'end of this version (infinity while current)';

--
-- Name: dim_patient_patient_key_seq; Type: SEQUENCE; Schema: dw; Owner: -
--

ALTER TABLE dw.dim_patient ALTER COLUMN patient_key ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME dw.dim_patient_patient_key_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: dim_patient dim_patient_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_patient
    ADD CONSTRAINT dim_patient_pkey PRIMARY KEY (patient_key);

--
-- Name: dim_patient dim_patient_version_key; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_patient
    ADD CONSTRAINT dim_patient_version_key UNIQUE (patient_id, valid_from);

--
-- Name: dim_patient_current_idx; Type: INDEX; Schema: dw; Owner: -
--

CREATE UNIQUE INDEX dim_patient_current_idx ON dw.dim_patient USING btree (patient_id) WHERE is_current;

--
-- Name: COLUMN dim_patient.patient_key; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(patient_key) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.patient_durable_key; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(patient_durable_key) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.sex; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(sex) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.birth_year; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(birth_year) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.age_band; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(age_band) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.region; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(region) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.payer_type; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(payer_type) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.valid_from; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(valid_from) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.valid_to; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(valid_to) ON TABLE dw.dim_patient TO hc_analyst;

--
-- Name: COLUMN dim_patient.is_current; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT(is_current) ON TABLE dw.dim_patient TO hc_analyst;
