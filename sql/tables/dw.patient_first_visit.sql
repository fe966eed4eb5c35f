-- Name: patient_first_visit; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.patient_first_visit (
    patient_durable_key bigint NOT NULL,
    first_month date NOT NULL
);

--
-- Name: TABLE patient_first_visit; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.patient_first_visit IS 'month of each patient''s first encounter (new versus returning patients), kept from agg_patient_visits';

--
-- Name: patient_first_visit patient_first_visit_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.patient_first_visit
    ADD CONSTRAINT patient_first_visit_pkey PRIMARY KEY (patient_durable_key);

--
-- Name: patient_first_visit_month_idx; Type: INDEX; Schema: dw; Owner: -
--

CREATE INDEX patient_first_visit_month_idx ON dw.patient_first_visit USING btree (first_month);

--
-- Name: TABLE patient_first_visit; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.patient_first_visit TO hc_analyst;
