-- Name: working_day; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.working_day (
    working_day_id bigint NOT NULL,
    staff_id bigint NOT NULL,
    iso_weekday smallint NOT NULL,
    start_time time without time zone NOT NULL,
    end_time time without time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT working_day_hours_check CHECK ((start_time < end_time)),
    CONSTRAINT working_day_weekday_check CHECK (((iso_weekday >= 1) AND (iso_weekday <= 7)))
);

--
-- Name: TABLE working_day; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.working_day IS 'a staff member''s working hours on one ISO weekday (1 = Monday), local time of their department';

--
-- Name: COLUMN working_day.end_time; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.working_day.end_time IS 'end of the working day; 24:00 means until midnight';

--
-- Name: working_day_working_day_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.working_day ALTER COLUMN working_day_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.working_day_working_day_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: working_day working_day_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.working_day
    ADD CONSTRAINT working_day_pkey PRIMARY KEY (working_day_id);

--
-- Name: working_day working_day_staff_weekday_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.working_day
    ADD CONSTRAINT working_day_staff_weekday_key UNIQUE (staff_id, iso_weekday);

--
-- Name: working_day working_day_staff_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.working_day
    ADD CONSTRAINT working_day_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES clinic.staff(staff_id) ON DELETE CASCADE;

--
-- Name: TABLE working_day; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.working_day TO hc_receptionist;
GRANT SELECT ON TABLE clinic.working_day TO hc_clinician;
GRANT SELECT ON TABLE clinic.working_day TO hc_billing_clerk;
GRANT SELECT ON TABLE clinic.working_day TO hc_pharmacist;
GRANT SELECT ON TABLE clinic.working_day TO hc_app;
