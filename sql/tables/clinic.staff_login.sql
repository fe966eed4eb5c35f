-- Name: staff_login; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.staff_login (
    staff_login_id bigint NOT NULL,
    staff_id bigint NOT NULL,
    login_kind text NOT NULL,
    login_name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by text DEFAULT SESSION_USER NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT staff_login_kind_check CHECK ((login_kind = ANY (ARRAY['database'::text, 'application'::text]))),
    CONSTRAINT staff_login_name_check CHECK (((login_name = btrim(login_name)) AND ((length(login_name) >= 1) AND (length(login_name) <= 200))))
);

--
-- Name: TABLE staff_login; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.staff_login IS 'maps a database login (login_kind database, = session_user) or an end user named by the pooling application (login_kind application, via audit.set_application_user) to the staff member acting';

--
-- Name: COLUMN staff_login.login_name; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.staff_login.login_name IS 'the login role name (database) or the application''s user name (application), exactly as authenticated';

--
-- Name: COLUMN staff_login.created_by; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.staff_login.created_by IS 'the login that linked it (normally a dba)';

--
-- Name: staff_login_staff_login_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.staff_login ALTER COLUMN staff_login_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.staff_login_staff_login_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: staff_login staff_login_name_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.staff_login
    ADD CONSTRAINT staff_login_name_key UNIQUE (login_kind, login_name);

--
-- Name: staff_login staff_login_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.staff_login
    ADD CONSTRAINT staff_login_pkey PRIMARY KEY (staff_login_id);

--
-- Name: staff_login staff_login_staff_kind_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.staff_login
    ADD CONSTRAINT staff_login_staff_kind_key UNIQUE (staff_id, login_kind);

--
-- Name: staff_login staff_login_staff_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.staff_login
    ADD CONSTRAINT staff_login_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES clinic.staff(staff_id);
