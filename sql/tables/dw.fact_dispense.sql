-- Name: fact_dispense; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.fact_dispense (
    dispensing_id bigint NOT NULL,
    date_key integer NOT NULL,
    patient_durable_key bigint NOT NULL,
    patient_key bigint,
    medication_key bigint NOT NULL,
    stock_location_key bigint NOT NULL,
    requested_quantity numeric(12,3) NOT NULL,
    dispensed_quantity numeric(12,3) NOT NULL,
    is_partial boolean NOT NULL
)
PARTITION BY RANGE (date_key);

--
-- Name: TABLE fact_dispense; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.fact_dispense IS 'grain: one row per dispensing event, dated by the dispensing day (UTC); patient_durable_key 0 when the dispensing is not tied to a prescription';

--
-- Name: fact_dispense fact_dispense_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.fact_dispense
    ADD CONSTRAINT fact_dispense_pkey PRIMARY KEY (dispensing_id, date_key, patient_durable_key);

--
-- Name: TABLE fact_dispense; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.fact_dispense TO hc_analyst;
