-- Name: agg_diagnosis_severity; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_diagnosis_severity (
    month_start date NOT NULL,
    department_key bigint NOT NULL,
    severity text NOT NULL,
    diagnoses bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_diagnosis_severity; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_diagnosis_severity IS 'diagnoses per month, department and severity';

--
-- Name: agg_diagnosis_severity agg_diagnosis_severity_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_diagnosis_severity
    ADD CONSTRAINT agg_diagnosis_severity_pkey PRIMARY KEY (month_start, department_key, severity);

--
-- Name: TABLE agg_diagnosis_severity; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_diagnosis_severity TO hc_analyst;
