-- Name: fact_encounter; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.fact_encounter (
    encounter_id bigint NOT NULL,
    date_key integer NOT NULL,
    patient_durable_key bigint NOT NULL,
    patient_key bigint NOT NULL,
    doctor_key bigint NOT NULL,
    doctor_durable_key bigint NOT NULL,
    department_key bigint NOT NULL,
    encounter_status text NOT NULL,
    length_of_stay_hours numeric(10,2)
)
PARTITION BY RANGE (date_key);

--
-- Name: TABLE fact_encounter; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.fact_encounter IS 'grain: one row per encounter (a doctor-patient interaction), dated by check-in (UTC day)';

--
-- Name: COLUMN fact_encounter.length_of_stay_hours; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.fact_encounter.length_of_stay_hours IS 'hours from admission to discharge; null until discharged';

--
-- Name: fact_encounter fact_encounter_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.fact_encounter
    ADD CONSTRAINT fact_encounter_pkey PRIMARY KEY (encounter_id, date_key, patient_durable_key);

--
-- Name: TABLE fact_encounter; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.fact_encounter TO hc_analyst;
