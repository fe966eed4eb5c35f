-- Name: encounter; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.encounter (
    encounter_id bigint NOT NULL,
    appointment_id bigint NOT NULL,
    patient_id bigint NOT NULL,
    doctor_id bigint NOT NULL,
    department_id bigint NOT NULL,
    status text DEFAULT 'checked in'::text NOT NULL,
    checked_in_at timestamp with time zone DEFAULT now() NOT NULL,
    admitted_at timestamp with time zone,
    discharged_at timestamp with time zone,
    chief_complaint text,
    notes text,
    temperature_c numeric(4,1),
    heart_rate smallint,
    systolic_bp smallint,
    diastolic_bp smallint,
    respiratory_rate smallint,
    oxygen_saturation smallint,
    weight_kg numeric(5,1),
    height_cm numeric(4,1),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT encounter_admitted_check CHECK (((status = 'checked in'::text) = (admitted_at IS NULL))),
    CONSTRAINT encounter_blood_pressure_check CHECK ((((systolic_bp >= 40) AND (systolic_bp <= 300)) AND ((diastolic_bp >= 20) AND (diastolic_bp <= 200)) AND (diastolic_bp < systolic_bp))),
    CONSTRAINT encounter_discharge_after_admission_check CHECK ((discharged_at >= admitted_at)),
    CONSTRAINT encounter_discharged_check CHECK (((status = 'completed'::text) = (discharged_at IS NOT NULL))),
    CONSTRAINT encounter_heart_rate_check CHECK (((heart_rate >= 20) AND (heart_rate <= 300))),
    CONSTRAINT encounter_height_check CHECK (((height_cm > (0)::numeric) AND (height_cm < (300)::numeric))),
    CONSTRAINT encounter_oxygen_saturation_check CHECK (((oxygen_saturation >= 40) AND (oxygen_saturation <= 100))),
    CONSTRAINT encounter_respiratory_rate_check CHECK (((respiratory_rate >= 4) AND (respiratory_rate <= 80))),
    CONSTRAINT encounter_status_check CHECK ((status = ANY (ARRAY['checked in'::text, 'in progress'::text, 'completed'::text]))),
    CONSTRAINT encounter_temperature_check CHECK (((temperature_c >= (25)::numeric) AND (temperature_c <= (45)::numeric))),
    CONSTRAINT encounter_weight_check CHECK (((weight_kg > (0)::numeric) AND (weight_kg < (700)::numeric)))
);

--
-- Name: TABLE encounter; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.encounter IS 'one visit (the medical record of an appointment): from check-in through consultation to discharge';

--
-- Name: COLUMN encounter.status; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.encounter.status IS 'checked in, in progress or completed; the appointment follows it';

--
-- Name: COLUMN encounter.admitted_at; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.encounter.admitted_at IS 'when the consultation started';

--
-- Name: COLUMN encounter.discharged_at; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.encounter.discharged_at IS 'when the consultation was completed';

--
-- Name: COLUMN encounter.temperature_c; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.encounter.temperature_c IS 'body temperature, degrees Celsius';

--
-- Name: COLUMN encounter.oxygen_saturation; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.encounter.oxygen_saturation IS 'SpO2, percent';

--
-- Name: encounter_encounter_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.encounter ALTER COLUMN encounter_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.encounter_encounter_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: encounter encounter_appointment_id_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.encounter
    ADD CONSTRAINT encounter_appointment_id_key UNIQUE (appointment_id);

--
-- Name: encounter encounter_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.encounter
    ADD CONSTRAINT encounter_pkey PRIMARY KEY (encounter_id);

--
-- Name: encounter_department_checked_in_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX encounter_department_checked_in_idx ON clinic.encounter USING btree (department_id, checked_in_at);

--
-- Name: encounter_doctor_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX encounter_doctor_idx ON clinic.encounter USING btree (doctor_id);

--
-- Name: encounter_patient_checked_in_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX encounter_patient_checked_in_idx ON clinic.encounter USING btree (patient_id, checked_in_at);

--
-- Name: encounter encounter_appointment_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.encounter
    ADD CONSTRAINT encounter_appointment_id_fkey FOREIGN KEY (appointment_id) REFERENCES clinic.appointment(appointment_id);

--
-- Name: encounter encounter_department_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.encounter
    ADD CONSTRAINT encounter_department_id_fkey FOREIGN KEY (department_id) REFERENCES clinic.department(department_id);

--
-- Name: encounter encounter_doctor_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.encounter
    ADD CONSTRAINT encounter_doctor_id_fkey FOREIGN KEY (doctor_id) REFERENCES clinic.staff(staff_id);

--
-- Name: encounter encounter_patient_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.encounter
    ADD CONSTRAINT encounter_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES clinic.patient(patient_id);

--
-- Name: encounter; Type: ROW SECURITY; Schema: clinic; Owner: -
--

ALTER TABLE clinic.encounter ENABLE ROW LEVEL SECURITY;

--
-- Name: encounter encounter_in_care; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY encounter_in_care ON clinic.encounter FOR SELECT TO hc_app, hc_clinician USING (((doctor_id = ( SELECT clinic.current_staff_id() AS current_staff_id)) OR (department_id = ( SELECT clinic.current_department_id() AS current_department_id))));

--
-- Name: TABLE encounter; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.encounter TO hc_clinician;
GRANT SELECT ON TABLE clinic.encounter TO hc_app;
