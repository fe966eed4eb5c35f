-- Name: payer; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.payer (
    payer_id bigint NOT NULL,
    payer_name text NOT NULL,
    payer_type text NOT NULL,
    coverage_percent numeric(5,2) DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payer_coverage_percent_check CHECK (((coverage_percent >= (0)::numeric) AND (coverage_percent <= (100)::numeric))),
    CONSTRAINT payer_name_check CHECK ((btrim(payer_name) <> ''::text)),
    CONSTRAINT payer_self_pay_coverage_check CHECK (((payer_type <> 'self-pay'::text) OR (coverage_percent = (0)::numeric))),
    CONSTRAINT payer_type_check CHECK ((payer_type = ANY (ARRAY['insurer'::text, 'government'::text, 'self-pay'::text])))
);

--
-- Name: TABLE payer; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON TABLE billing.payer IS 'who pays for care: insurers, government programmes, and the patient (self-pay)';

--
-- Name: COLUMN payer.coverage_percent; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.payer.coverage_percent IS 'share of an invoice the payer is claimed for by default (0 for self-pay)';

--
-- Name: payer_payer_id_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

ALTER TABLE billing.payer ALTER COLUMN payer_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.payer_payer_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: payer payer_payer_name_key; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payer
    ADD CONSTRAINT payer_payer_name_key UNIQUE (payer_name);

--
-- Name: payer payer_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payer
    ADD CONSTRAINT payer_pkey PRIMARY KEY (payer_id);

--
-- Name: TABLE payer; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT ON TABLE billing.payer TO hc_receptionist;
GRANT SELECT ON TABLE billing.payer TO hc_clinician;
GRANT SELECT ON TABLE billing.payer TO hc_billing_clerk;
GRANT SELECT ON TABLE billing.payer TO hc_app;
