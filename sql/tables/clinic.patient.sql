-- Name: patient; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.patient (
    patient_id bigint NOT NULL,
    mrn text DEFAULT ('MRN'::text || lpad((nextval('clinic.patient_mrn_seq'::regclass))::text, 8, '0'::text)) NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    date_of_birth date NOT NULL,
    sex text NOT NULL,
    phone text,
    email text,
    address_line text,
    city text,
    postal_code text,
    country text,
    payer_id bigint NOT NULL,
    policy_number text,
    emergency_contact_name text,
    emergency_contact_phone text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT patient_date_of_birth_check CHECK (((date_of_birth <= CURRENT_DATE) AND (date_of_birth >= '1880-01-01'::date))),
    CONSTRAINT patient_email_check CHECK (((email IS NULL) OR (email ~ '^[^@\s]+@[^@\s]+$'::text))),
    CONSTRAINT patient_mrn_check CHECK ((btrim(mrn) <> ''::text)),
    CONSTRAINT patient_name_check CHECK (((btrim(first_name) <> ''::text) AND (btrim(last_name) <> ''::text))),
    CONSTRAINT patient_sex_check CHECK ((sex = ANY (ARRAY['female'::text, 'male'::text, 'other'::text, 'unknown'::text])))
);

--
-- Name: TABLE patient; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.patient IS 'a person registered for care';

--
-- Name: COLUMN patient.mrn; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.patient.mrn IS 'medical record number, unique in the clinic; generated when not given';

--
-- Name: COLUMN patient.payer_id; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.patient.payer_id IS 'who pays for this patient''s care by default (the Self-pay payer if nobody)';

--
-- Name: COLUMN patient.policy_number; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.patient.policy_number IS 'the patient''s policy or member number with the payer';

--
-- Name: patient_patient_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.patient ALTER COLUMN patient_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.patient_patient_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: patient patient_mrn_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.patient
    ADD CONSTRAINT patient_mrn_key UNIQUE (mrn);

--
-- Name: patient patient_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.patient
    ADD CONSTRAINT patient_pkey PRIMARY KEY (patient_id);

--
-- Name: patient_name_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX patient_name_idx ON clinic.patient USING btree (lower(last_name), lower(first_name));

--
-- Name: patient_payer_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX patient_payer_idx ON clinic.patient USING btree (payer_id);

--
-- Name: patient patient_payer_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.patient
    ADD CONSTRAINT patient_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES billing.payer(payer_id);

--
-- Name: patient; Type: ROW SECURITY; Schema: clinic; Owner: -
--

ALTER TABLE clinic.patient ENABLE ROW LEVEL SECURITY;

--
-- Name: patient patient_front_desk; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY patient_front_desk ON clinic.patient FOR SELECT TO hc_billing_clerk, hc_receptionist USING (true);

--
-- Name: patient patient_in_care; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY patient_in_care ON clinic.patient FOR SELECT TO hc_app, hc_clinician USING ((EXISTS ( SELECT 1
   FROM clinic.appointment a
  WHERE ((a.patient_id = patient.patient_id) AND ((a.doctor_id = ( SELECT clinic.current_staff_id() AS current_staff_id)) OR (a.department_id = ( SELECT clinic.current_department_id() AS current_department_id)))))));

--
-- Name: TABLE patient; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.patient TO hc_receptionist;
GRANT SELECT ON TABLE clinic.patient TO hc_clinician;
GRANT SELECT ON TABLE clinic.patient TO hc_billing_clerk;
GRANT SELECT ON TABLE clinic.patient TO hc_app;
