-- Name: agg_visit_doctor; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_visit_doctor (
    month_start date NOT NULL,
    department_key bigint NOT NULL,
    doctor_durable_key bigint NOT NULL,
    visits bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_visit_doctor; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_visit_doctor IS 'encounters per month, department and doctor (from fact_encounter)';

--
-- Name: agg_visit_doctor agg_visit_doctor_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_visit_doctor
    ADD CONSTRAINT agg_visit_doctor_pkey PRIMARY KEY (month_start, department_key, doctor_durable_key);

--
-- Name: TABLE agg_visit_doctor; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_visit_doctor TO hc_analyst;
