-- Name: treatment; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.treatment (
    treatment_id bigint NOT NULL,
    treatment_code text NOT NULL,
    treatment_name text NOT NULL,
    default_price numeric(12,2) NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT treatment_code_check CHECK ((btrim(treatment_code) <> ''::text)),
    CONSTRAINT treatment_default_price_check CHECK ((default_price >= (0)::numeric)),
    CONSTRAINT treatment_name_check CHECK ((btrim(treatment_name) <> ''::text))
);

--
-- Name: TABLE treatment; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.treatment IS 'catalog of treatments and procedures the clinic performs, with their list price';

--
-- Name: treatment_treatment_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.treatment ALTER COLUMN treatment_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.treatment_treatment_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: treatment treatment_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.treatment
    ADD CONSTRAINT treatment_pkey PRIMARY KEY (treatment_id);

--
-- Name: treatment treatment_treatment_code_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.treatment
    ADD CONSTRAINT treatment_treatment_code_key UNIQUE (treatment_code);

--
-- Name: TABLE treatment; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.treatment TO hc_receptionist;
GRANT SELECT ON TABLE clinic.treatment TO hc_clinician;
GRANT SELECT ON TABLE clinic.treatment TO hc_billing_clerk;
GRANT SELECT ON TABLE clinic.treatment TO hc_pharmacist;
GRANT SELECT ON TABLE clinic.treatment TO hc_app;
