-- Name: fact_diagnosis; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.fact_diagnosis (
    diagnosis_id bigint NOT NULL,
    date_key integer NOT NULL,
    patient_durable_key bigint NOT NULL,
    patient_key bigint NOT NULL,
    encounter_id bigint NOT NULL,
    department_key bigint NOT NULL,
    doctor_durable_key bigint NOT NULL,
    icd10_code text NOT NULL,
    block_code text NOT NULL,
    severity text NOT NULL,
    severity_rank smallint NOT NULL,
    is_primary boolean NOT NULL
)
PARTITION BY RANGE (date_key);

--
-- Name: TABLE fact_diagnosis; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.fact_diagnosis IS 'grain: one row per diagnosis recorded in an encounter, dated by the diagnosis time (UTC day)';

--
-- Name: COLUMN fact_diagnosis.severity_rank; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.fact_diagnosis.severity_rank IS '1 mild, 2 moderate, 3 severe, 4 critical';

--
-- Name: fact_diagnosis fact_diagnosis_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.fact_diagnosis
    ADD CONSTRAINT fact_diagnosis_pkey PRIMARY KEY (diagnosis_id, date_key, patient_durable_key);

--
-- Name: TABLE fact_diagnosis; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.fact_diagnosis TO hc_analyst;
