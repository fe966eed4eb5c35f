-- Name: department; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.department (
    department_id bigint NOT NULL,
    department_name text NOT NULL,
    time_zone text DEFAULT 'UTC'::text NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT department_name_check CHECK ((btrim(department_name) <> ''::text)),
    CONSTRAINT department_time_zone_check CHECK ((('2000-01-01 00:00:00+00'::timestamp with time zone AT TIME ZONE time_zone) IS NOT NULL))
);

--
-- Name: TABLE department; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.department IS 'a clinical department (cardiology, paediatrics ...)';

--
-- Name: COLUMN department.time_zone; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.department.time_zone IS 'IANA time zone the department''s working hours are written in; appointment instants are compared in it';

--
-- Name: department_department_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.department ALTER COLUMN department_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.department_department_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: department department_department_name_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.department
    ADD CONSTRAINT department_department_name_key UNIQUE (department_name);

--
-- Name: department department_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.department
    ADD CONSTRAINT department_pkey PRIMARY KEY (department_id);

--
-- Name: TABLE department; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.department TO hc_receptionist;
GRANT SELECT ON TABLE clinic.department TO hc_clinician;
GRANT SELECT ON TABLE clinic.department TO hc_billing_clerk;
GRANT SELECT ON TABLE clinic.department TO hc_pharmacist;
GRANT SELECT ON TABLE clinic.department TO hc_app;
