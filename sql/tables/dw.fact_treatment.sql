-- Name: fact_treatment; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.fact_treatment (
    treatment_given_id bigint NOT NULL,
    date_key integer NOT NULL,
    patient_durable_key bigint NOT NULL,
    patient_key bigint NOT NULL,
    encounter_id bigint NOT NULL,
    department_key bigint NOT NULL,
    doctor_key bigint NOT NULL,
    doctor_durable_key bigint NOT NULL,
    treatment_key bigint NOT NULL,
    treatment_category_code text NOT NULL,
    outcome text NOT NULL,
    price numeric(12,2) NOT NULL
)
PARTITION BY RANGE (date_key);

--
-- Name: TABLE fact_treatment; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.fact_treatment IS 'grain: one row per treatment given in an encounter, dated when given (UTC day)';

--
-- Name: fact_treatment fact_treatment_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.fact_treatment
    ADD CONSTRAINT fact_treatment_pkey PRIMARY KEY (treatment_given_id, date_key, patient_durable_key);

--
-- Name: TABLE fact_treatment; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.fact_treatment TO hc_analyst;
