-- Name: fact_appointment; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.fact_appointment (
    appointment_id bigint NOT NULL,
    date_key integer NOT NULL,
    patient_durable_key bigint NOT NULL,
    patient_key bigint NOT NULL,
    doctor_key bigint NOT NULL,
    doctor_durable_key bigint NOT NULL,
    department_key bigint NOT NULL,
    appointment_status text NOT NULL,
    lead_time_days numeric(10,2) NOT NULL,
    is_no_show boolean NOT NULL,
    booked_minutes numeric(10,1) NOT NULL
)
PARTITION BY RANGE (date_key);

--
-- Name: TABLE fact_appointment; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.fact_appointment IS 'grain: one row per appointment (every status), dated by its start (UTC day); accumulates status changes';

--
-- Name: COLUMN fact_appointment.lead_time_days; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.fact_appointment.lead_time_days IS 'days between booking and the appointment start';

--
-- Name: COLUMN fact_appointment.booked_minutes; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.fact_appointment.booked_minutes IS 'length of the booked slot in minutes';

--
-- Name: fact_appointment fact_appointment_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.fact_appointment
    ADD CONSTRAINT fact_appointment_pkey PRIMARY KEY (appointment_id, date_key, patient_durable_key);

--
-- Name: TABLE fact_appointment; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.fact_appointment TO hc_analyst;
