-- Name: synthea_payer; Type: TABLE; Schema: staging; Owner: -
--

CREATE UNLOGGED TABLE staging.synthea_payer (
    id text NOT NULL,
    line_no integer NOT NULL,
    display_name text NOT NULL,
    phone text
);

--
-- Name: TABLE synthea_payer; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_payer IS 'rows of a Synthea payers.csv being imported (repeated ids merged)';

--
-- Name: synthea_payer synthea_payer_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_payer
    ADD CONSTRAINT synthea_payer_pkey PRIMARY KEY (id);
