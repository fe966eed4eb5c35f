-- Name: agg_diagnosis_patient; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_diagnosis_patient (
    month_start date NOT NULL,
    block_code text NOT NULL,
    patient_durable_key bigint NOT NULL,
    diagnoses bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_diagnosis_patient; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_diagnosis_patient IS 'diagnoses per month, ICD-10 block and patient (distinct patients per block and chapter: prevalence)';

--
-- Name: agg_diagnosis_patient agg_diagnosis_patient_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_diagnosis_patient
    ADD CONSTRAINT agg_diagnosis_patient_pkey PRIMARY KEY (month_start, patient_durable_key, block_code);

--
-- Name: TABLE agg_diagnosis_patient; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_diagnosis_patient TO hc_analyst;
