-- Name: agg_appointment; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_appointment (
    month_start date NOT NULL,
    department_key bigint NOT NULL,
    doctor_durable_key bigint NOT NULL,
    appointment_status text NOT NULL,
    appointments bigint NOT NULL,
    booked_minutes numeric(16,1) NOT NULL,
    lead_time_days numeric(16,2) NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_appointment; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_appointment IS 'appointments, booked minutes and summed lead time per month, department, doctor and status';

--
-- Name: agg_appointment agg_appointment_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_appointment
    ADD CONSTRAINT agg_appointment_pkey PRIMARY KEY (month_start, department_key, doctor_durable_key, appointment_status);

--
-- Name: TABLE agg_appointment; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_appointment TO hc_analyst;
