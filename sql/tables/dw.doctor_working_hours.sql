-- Name: doctor_working_hours; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.doctor_working_hours (
    doctor_durable_key bigint NOT NULL,
    iso_weekday smallint NOT NULL,
    available_minutes integer NOT NULL
);

--
-- Name: TABLE doctor_working_hours; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.doctor_working_hours IS 'weekly working hours per doctor and weekday (type 1, the current schedule): the denominator of utilisation';

--
-- Name: COLUMN doctor_working_hours.available_minutes; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.doctor_working_hours.available_minutes IS 'minutes of working time on that weekday';

--
-- Name: doctor_working_hours doctor_working_hours_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.doctor_working_hours
    ADD CONSTRAINT doctor_working_hours_pkey PRIMARY KEY (doctor_durable_key, iso_weekday);

--
-- Name: TABLE doctor_working_hours; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.doctor_working_hours TO hc_analyst;
