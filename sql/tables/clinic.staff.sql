-- Name: staff; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.staff (
    staff_id bigint NOT NULL,
    department_id bigint NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    staff_role text NOT NULL,
    specialty text,
    consultation_fee numeric(12,2),
    email text,
    phone text,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT staff_consultation_fee_check CHECK ((consultation_fee >= (0)::numeric)),
    CONSTRAINT staff_doctor_check CHECK (((staff_role <> 'doctor'::text) OR ((specialty IS NOT NULL) AND (consultation_fee IS NOT NULL)))),
    CONSTRAINT staff_name_check CHECK (((btrim(first_name) <> ''::text) AND (btrim(last_name) <> ''::text))),
    CONSTRAINT staff_role_check CHECK ((staff_role = ANY (ARRAY['doctor'::text, 'nurse'::text, 'pharmacist'::text, 'technician'::text, 'administrator'::text])))
);

--
-- Name: TABLE staff; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.staff IS 'everyone who works in the clinic; doctors are staff with staff_role = doctor';

--
-- Name: COLUMN staff.consultation_fee; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.staff.consultation_fee IS 'billed when a doctor completes an encounter (doctors only)';

--
-- Name: staff_staff_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.staff ALTER COLUMN staff_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.staff_staff_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: staff staff_email_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.staff
    ADD CONSTRAINT staff_email_key UNIQUE (email);

--
-- Name: staff staff_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.staff
    ADD CONSTRAINT staff_pkey PRIMARY KEY (staff_id);

--
-- Name: staff_department_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX staff_department_idx ON clinic.staff USING btree (department_id);

--
-- Name: staff staff_department_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.staff
    ADD CONSTRAINT staff_department_id_fkey FOREIGN KEY (department_id) REFERENCES clinic.department(department_id);

--
-- Name: TABLE staff; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.staff TO hc_receptionist;
GRANT SELECT ON TABLE clinic.staff TO hc_clinician;
GRANT SELECT ON TABLE clinic.staff TO hc_billing_clerk;
GRANT SELECT ON TABLE clinic.staff TO hc_pharmacist;
GRANT SELECT ON TABLE clinic.staff TO hc_app;
