-- Name: agg_patient_visits; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_patient_visits (
    patient_durable_key bigint NOT NULL,
    month_start date NOT NULL,
    visits bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_patient_visits; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_patient_visits IS 'encounters per patient and month, all departments (from fact_encounter): a patient''s visit months, for first visits and the patients seen and active per month';

--
-- Name: agg_patient_visits agg_patient_visits_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_patient_visits
    ADD CONSTRAINT agg_patient_visits_pkey PRIMARY KEY (patient_durable_key, month_start);

--
-- Name: TABLE agg_patient_visits; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_patient_visits TO hc_analyst;
