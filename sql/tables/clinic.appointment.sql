-- Name: appointment; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.appointment (
    appointment_id bigint NOT NULL,
    patient_id bigint NOT NULL,
    doctor_id bigint NOT NULL,
    department_id bigint NOT NULL,
    during tstzrange NOT NULL,
    starts_at timestamp with time zone GENERATED ALWAYS AS (lower(during)) STORED NOT NULL,
    ends_at timestamp with time zone GENERATED ALWAYS AS (upper(during)) STORED NOT NULL,
    status text DEFAULT 'scheduled'::text NOT NULL,
    reason text,
    cancellation_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT appointment_during_check CHECK (((NOT isempty(during)) AND (NOT lower_inf(during)) AND (NOT upper_inf(during)) AND lower_inc(during) AND (NOT upper_inc(during))))
);

--
-- Name: TABLE appointment; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.appointment IS 'a booked consultation: a patient, a doctor, a time range';

--
-- Name: COLUMN appointment.during; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.appointment.during IS 'the booked time range, [start, end)';

--
-- Name: COLUMN appointment.starts_at; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.appointment.starts_at IS 'lower(during), kept as a column for btree indexes and BI tools';

--
-- Name: COLUMN appointment.ends_at; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.appointment.ends_at IS 'upper(during)';

--
-- Name: appointment_appointment_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.appointment ALTER COLUMN appointment_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.appointment_appointment_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: appointment appointment_doctor_no_overlap; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.appointment
    ADD CONSTRAINT appointment_doctor_no_overlap EXCLUDE USING gist (doctor_id WITH =, during WITH &&) WHERE ((status = ANY (ARRAY['scheduled'::text, 'checked in'::text, 'in progress'::text, 'completed'::text])));

--
-- Name: appointment appointment_patient_no_overlap; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.appointment
    ADD CONSTRAINT appointment_patient_no_overlap EXCLUDE USING gist (patient_id WITH =, during WITH &&) WHERE ((status = ANY (ARRAY['scheduled'::text, 'checked in'::text, 'in progress'::text, 'completed'::text])));

--
-- Name: appointment appointment_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.appointment
    ADD CONSTRAINT appointment_pkey PRIMARY KEY (appointment_id);

--
-- Name: appointment_department_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX appointment_department_idx ON clinic.appointment USING btree (department_id);

--
-- Name: appointment_doctor_starts_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX appointment_doctor_starts_idx ON clinic.appointment USING btree (doctor_id, starts_at);

--
-- Name: appointment_patient_starts_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX appointment_patient_starts_idx ON clinic.appointment USING btree (patient_id, starts_at);

--
-- Name: appointment_scheduled_ends_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX appointment_scheduled_ends_idx ON clinic.appointment USING btree (ends_at) WHERE (status = 'scheduled'::text);

--
-- Name: appointment appointment_department_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.appointment
    ADD CONSTRAINT appointment_department_id_fkey FOREIGN KEY (department_id) REFERENCES clinic.department(department_id);

--
-- Name: appointment appointment_doctor_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.appointment
    ADD CONSTRAINT appointment_doctor_id_fkey FOREIGN KEY (doctor_id) REFERENCES clinic.staff(staff_id);

--
-- Name: appointment appointment_patient_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.appointment
    ADD CONSTRAINT appointment_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES clinic.patient(patient_id);

--
-- Name: appointment appointment_status_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.appointment
    ADD CONSTRAINT appointment_status_fkey FOREIGN KEY (status) REFERENCES ref.appointment_status(status);

--
-- Name: appointment; Type: ROW SECURITY; Schema: clinic; Owner: -
--

ALTER TABLE clinic.appointment ENABLE ROW LEVEL SECURITY;

--
-- Name: appointment appointment_front_desk; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY appointment_front_desk ON clinic.appointment FOR SELECT TO hc_receptionist USING (true);

--
-- Name: appointment appointment_in_care; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY appointment_in_care ON clinic.appointment FOR SELECT TO hc_app, hc_clinician USING (((doctor_id = ( SELECT clinic.current_staff_id() AS current_staff_id)) OR (department_id = ( SELECT clinic.current_department_id() AS current_department_id))));

--
-- Name: TABLE appointment; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.appointment TO hc_receptionist;
GRANT SELECT ON TABLE clinic.appointment TO hc_clinician;
GRANT SELECT ON TABLE clinic.appointment TO hc_app;
