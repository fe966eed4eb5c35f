-- Name: agg_active_patient; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_active_patient (
    month_start date NOT NULL,
    active_patients bigint NOT NULL
);

--
-- Name: TABLE agg_active_patient; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_active_patient IS 'distinct patients with at least one encounter in the 12 months ending with month_start''s month (the denominator of disease prevalence); rows up to 11 months after the last encounter month';

--
-- Name: agg_active_patient agg_active_patient_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_active_patient
    ADD CONSTRAINT agg_active_patient_pkey PRIMARY KEY (month_start);

--
-- Name: TABLE agg_active_patient; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_active_patient TO hc_analyst;
