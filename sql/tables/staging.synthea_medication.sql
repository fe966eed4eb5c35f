-- Name: synthea_medication; Type: TABLE; Schema: staging; Owner: -
--

CREATE UNLOGGED TABLE staging.synthea_medication (
    line_no integer NOT NULL,
    started timestamp with time zone NOT NULL,
    stopped timestamp with time zone,
    patient text NOT NULL,
    payer text,
    encounter text NOT NULL,
    code text NOT NULL,
    description text NOT NULL,
    base_cost numeric(12,2),
    payer_coverage numeric(12,2),
    dispenses integer,
    total_cost numeric(12,2),
    reason_code text,
    reason_description text
);

--
-- Name: TABLE synthea_medication; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_medication IS 'rows of a Synthea medications.csv being imported';

--
-- Name: synthea_medication synthea_medication_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_medication
    ADD CONSTRAINT synthea_medication_pkey PRIMARY KEY (line_no);
