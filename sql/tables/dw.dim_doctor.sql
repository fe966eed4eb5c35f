-- Name: dim_doctor; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_doctor (
    doctor_key bigint NOT NULL,
    doctor_durable_key bigint NOT NULL,
    department_key bigint NOT NULL,
    specialty_key bigint NOT NULL,
    staff_role text NOT NULL,
    is_active boolean NOT NULL,
    valid_from timestamp with time zone NOT NULL,
    valid_to timestamp with time zone DEFAULT 'infinity'::timestamp with time zone NOT NULL,
    is_current boolean DEFAULT true NOT NULL,
    CONSTRAINT dim_doctor_valid_check CHECK ((valid_from < valid_to))
);

--
-- Name: TABLE dim_doctor; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_doctor IS 'clinician (any staff member who sees patients), slowly changing type 2: a new version when department, specialty or role changes; snowflaked to dim_department and dim_specialty';

--
-- Name: COLUMN dim_doctor.doctor_durable_key; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_doctor.doctor_durable_key IS 'the OLTP staff id, the same for every version';

--
-- Name: dim_doctor_doctor_key_seq; Type: SEQUENCE; Schema: dw; Owner: -
--

ALTER TABLE dw.dim_doctor ALTER COLUMN doctor_key ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME dw.dim_doctor_doctor_key_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: dim_doctor dim_doctor_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_doctor
    ADD CONSTRAINT dim_doctor_pkey PRIMARY KEY (doctor_key);

--
-- Name: dim_doctor dim_doctor_version_key; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_doctor
    ADD CONSTRAINT dim_doctor_version_key UNIQUE (doctor_durable_key, valid_from);

--
-- Name: dim_doctor_current_idx; Type: INDEX; Schema: dw; Owner: -
--

CREATE UNIQUE INDEX dim_doctor_current_idx ON dw.dim_doctor USING btree (doctor_durable_key) WHERE is_current;

--
-- Name: dim_doctor dim_doctor_department_key_fkey; Type: FK CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_doctor
    ADD CONSTRAINT dim_doctor_department_key_fkey FOREIGN KEY (department_key) REFERENCES dw.dim_department(department_key);

--
-- Name: dim_doctor dim_doctor_specialty_key_fkey; Type: FK CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_doctor
    ADD CONSTRAINT dim_doctor_specialty_key_fkey FOREIGN KEY (specialty_key) REFERENCES dw.dim_specialty(specialty_key);

--
-- Name: TABLE dim_doctor; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_doctor TO hc_analyst;
