-- Name: agg_visit_patient; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_visit_patient (
    month_start date NOT NULL,
    department_key bigint NOT NULL,
    patient_durable_key bigint NOT NULL,
    visits bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_visit_patient; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_visit_patient IS 'encounters per month, department and patient (from fact_encounter)';

--
-- Name: agg_visit_patient agg_visit_patient_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_visit_patient
    ADD CONSTRAINT agg_visit_patient_pkey PRIMARY KEY (month_start, department_key, patient_durable_key);

--
-- Name: TABLE agg_visit_patient; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_visit_patient TO hc_analyst;
