-- Name: agg_patient_month; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_patient_month (
    month_start date NOT NULL,
    seen_patients bigint NOT NULL,
    active_patients bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_patient_month; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_patient_month IS 'distinct patient counts per month (all departments), so the KPI views never count distinct patients over agg_visit_patient: rows up to 11 months after the last encounter month';

--
-- Name: COLUMN agg_patient_month.seen_patients; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.agg_patient_month.seen_patients IS 'distinct patients with an encounter in this month';

--
-- Name: COLUMN agg_patient_month.active_patients; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.agg_patient_month.active_patients IS 'distinct patients with an encounter in the 12 months ending with this month (denominator of disease prevalence)';

--
-- Name: agg_patient_month agg_patient_month_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_patient_month
    ADD CONSTRAINT agg_patient_month_pkey PRIMARY KEY (month_start);

--
-- Name: TABLE agg_patient_month; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_patient_month TO hc_analyst;
