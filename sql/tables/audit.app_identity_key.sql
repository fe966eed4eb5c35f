-- Name: app_identity_key; Type: TABLE; Schema: audit; Owner: -
--

CREATE TABLE audit.app_identity_key (
    app_identity_key_id integer DEFAULT 1 NOT NULL,
    signing_key text DEFAULT ((gen_random_uuid())::text || (gen_random_uuid())::text) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT app_identity_key_single_row CHECK ((app_identity_key_id = 1))
);

--
-- Name: TABLE app_identity_key; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON TABLE audit.app_identity_key IS 'one secret row: the key audit.set_application_user() signs the application user with; readable by hc_owner only';

--
-- Name: app_identity_key app_identity_key_pkey; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.app_identity_key
    ADD CONSTRAINT app_identity_key_pkey PRIMARY KEY (app_identity_key_id);
